import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

export type Sleep = (ms: number) => Promise<void>;

const sleepFor: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Tries per batch: the first read and five retries, 50 ms doubling to 800 ms (1.55 s in all). */
export const BATCH_GET_ATTEMPTS = 6;

export class UnprocessedKeysError extends Error {
  constructor(count: number) {
    super(
      `DynamoDB left ${count} key(s) unprocessed after ${BATCH_GET_ATTEMPTS} tries; the read fails rather than answer without them`,
    );
    this.name = 'UnprocessedKeysError';
  }
}

/**
 * Every item of these keys, read 100 keys per BatchGetItem. Keys DynamoDB leaves unprocessed
 * (throttling, a large response) are asked again with growing pauses; any still unprocessed
 * after that fail the read (UnprocessedKeysError): an answer is whole or it is an error, never
 * quietly short.
 */
export const batchGetAll = async (
  db: DynamoDBDocumentClient,
  table: string,
  keys: readonly Item[],
  options: { readonly consistentRead?: boolean } = {},
  sleep: Sleep = sleepFor,
): Promise<Item[]> => {
  const items: Item[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: readonly Item[] = keys.slice(i, i + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= BATCH_GET_ATTEMPTS) throw new UnprocessedKeysError(pending.length);
      if (attempt > 0) await sleep(50 * 2 ** (attempt - 1));
      const result = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: [...pending],
              ...(options.consistentRead ? { ConsistentRead: true } : {}),
            },
          },
        }),
      );
      items.push(...(result.Responses?.[table] ?? []));
      pending = result.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return items;
};

/**
 * Items by key, in the order of `keys` (a key asked twice is read once; a missing item is left
 * out): a page of an index that projects keys only, read from the table.
 */
export const getItems = async (
  db: DynamoDBDocumentClient,
  table: string,
  keys: readonly { readonly pk: unknown; readonly sk: unknown }[],
  options: { readonly consistent?: boolean } = {},
  sleep: Sleep = sleepFor,
): Promise<Item[]> => {
  const id = (key: { readonly pk: unknown; readonly sk: unknown }) =>
    `${String(key.pk)}\n${String(key.sk)}`;
  const unique = [...new Map(keys.map((key) => [id(key), { pk: key.pk, sk: key.sk }])).values()];
  const found = new Map(
    (
      await batchGetAll(db, table, unique, { consistentRead: options.consistent === true }, sleep)
    ).map((item) => [id(item as { pk: unknown; sk: unknown }), item]),
  );
  return keys.map((key) => found.get(id(key))).filter((item): item is Item => item !== undefined);
};
