import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor, InvalidCursorError } from './cursor';

export type PagedQuery<T> = {
  readonly table: string;
  readonly index: string;
  readonly pkName: string;
  readonly skName: string;
  readonly partition: string;
  /** Sort-key range, inclusive; time-prefixed keys make [from, to) of instants. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Filter expressions with their names and values (applied after the key range). */
  readonly filters?: readonly {
    readonly expression: string;
    readonly names?: Record<string, string>;
    readonly values?: Record<string, unknown>;
  }[];
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly map: (item: Record<string, unknown>) => T;
};

/**
 * The cursor's key, when it is one this very query could have given: the table's and the
 * index's keys and nothing else, in the query's partition, within its sort-key range. A cursor
 * of another list, another manager or another period is refused (400), never sent to DynamoDB.
 */
const cursorFor = (q: PagedQuery<unknown>): Record<string, string> | undefined => {
  const key = decodeCursor(q.cursor);
  if (!key) return undefined;
  const names = new Set(['pk', 'sk', q.pkName, q.skName]);
  const sortKey = key[q.skName];
  const fits =
    Object.keys(key).length === names.size &&
    Object.keys(key).every((name) => names.has(name)) &&
    key[q.pkName] === q.partition &&
    sortKey !== undefined &&
    sortKey >= (q.from ?? '0') &&
    sortKey <= (q.to ?? '~');
  if (!fits) throw new InvalidCursorError();
  return key;
};

/**
 * One page of an index, newest first, with an opaque cursor. With filters, it reads on until
 * the page is full (at most ten reads), so a filtered page is not needlessly short.
 */
export const pagedQuery = async <T>(
  db: DynamoDBDocumentClient,
  q: PagedQuery<T>,
): Promise<{ items: T[]; nextCursor: string | null }> => {
  const filters = q.filters ?? [];
  const names: Record<string, string> = { '#pk': q.pkName, '#sk': q.skName };
  const values: Record<string, unknown> = {
    ':pk': q.partition,
    ':from': q.from ?? '0',
    ':to': q.to ?? '~',
  };
  for (const filter of filters) {
    Object.assign(names, filter.names);
    Object.assign(values, filter.values);
  }

  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined = cursorFor(q);
  let lastKey: Record<string, unknown> | undefined;
  for (let page = 0; page < 10 && items.length < q.limit; page++) {
    const input: QueryCommandInput = {
      TableName: q.table,
      IndexName: q.index,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: filters.length > 0 ? Math.max(q.limit * 2, 25) : q.limit - items.length,
      ...(filters.length > 0
        ? { FilterExpression: filters.map((f) => `(${f.expression})`).join(' AND ') }
        : {}),
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    };
    const result = await db.send(new QueryCommand(input)).catch((error: unknown) => {
      // A start key DynamoDB refuses was not one this query gave (the checks above miss it).
      if (page === 0 && q.cursor && (error as Error).name === 'ValidationException') {
        throw new InvalidCursorError();
      }
      throw error;
    });
    const found = result.Items ?? [];
    let consumed = 0;
    for (const item of found) {
      if (items.length >= q.limit) break;
      items.push(q.map(item));
      consumed++;
      lastKey = {
        pk: item.pk,
        sk: item.sk,
        [q.pkName]: item[q.pkName],
        [q.skName]: item[q.skName],
      };
    }
    if (items.length >= q.limit) {
      // Full: continue right after the last item returned, if anything may follow.
      const more = consumed < found.length || result.LastEvaluatedKey !== undefined;
      return { items, nextCursor: more ? encodeCursor(lastKey) : null };
    }
    startKey = result.LastEvaluatedKey;
    if (!startKey) return { items, nextCursor: null };
  }
  return { items, nextCursor: encodeCursor(startKey) };
};
