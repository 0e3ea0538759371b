import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/** Rounds of unprocessed keys asked again (DynamoDB returns some under load) before failing. */
const ROUNDS = 6;

/**
 * Items by key, read 100 at a time, in the order of `keys` (a key asked twice is read once; a
 * missing item is left out). Keys DynamoDB leaves unprocessed are asked again after a short
 * pause; still unprocessed after a few rounds, it throws (throttling: the caller's request or
 * record is retried).
 */
export const getItems = async (
  db: DynamoDBDocumentClient,
  table: string,
  keys: readonly { readonly pk: unknown; readonly sk: unknown }[],
  options: { readonly consistent?: boolean } = {},
): Promise<Item[]> => {
  const id = (key: { readonly pk: unknown; readonly sk: unknown }) =>
    `${String(key.pk)}\n${String(key.sk)}`;
  const unique = [...new Map(keys.map((key) => [id(key), { pk: key.pk, sk: key.sk }])).values()];
  const found = new Map<string, Item>();
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Item[] = unique.slice(i, i + 100);
    for (let round = 0; pending.length > 0; round++) {
      if (round === ROUNDS) throw new Error('DynamoDB left keys unprocessed; try again');
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** round));
      const result = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: { Keys: pending, ...(options.consistent ? { ConsistentRead: true } : {}) },
          },
        }),
      );
      for (const item of result.Responses?.[table] ?? []) found.set(id(item as never), item);
      pending = result.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return keys.map((key) => found.get(id(key))).filter((item): item is Item => item !== undefined);
};
