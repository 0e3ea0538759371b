import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { getItems } from './batch-get';
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
  /**
   * Conditions on what the index projects (its keys, managerId), with their names and values:
   * DynamoDB applies them to the index before anything is read from the table.
   */
  readonly indexFilters?: readonly {
    readonly expression: string;
    readonly names?: Record<string, string>;
    readonly values?: Record<string, unknown>;
  }[];
  /** Conditions on the whole item (status, channel, outcome…), once it is read from the table. */
  readonly match?: ((item: Record<string, unknown>) => boolean) | undefined;
  /**
   * Which narrowing of the list a cursor belongs to (a manager's: `manager:<id>`): kept in the
   * cursor, so one of all leads is refused on a manager's leads, and the other way round.
   */
  readonly scope?: string | undefined;
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
  const names = new Set(['pk', 'sk', q.pkName, q.skName, ...(q.scope ? ['scope'] : [])]);
  const sortKey = key[q.skName];
  const fits =
    Object.keys(key).length === names.size &&
    Object.keys(key).every((name) => names.has(name)) &&
    key.scope === q.scope &&
    key[q.pkName] === q.partition &&
    sortKey !== undefined &&
    sortKey >= (q.from ?? '0') &&
    sortKey <= (q.to ?? '~');
  if (!fits) throw new InvalidCursorError();
  const { scope: _scope, ...startKey } = key;
  return startKey;
};

/** The index filter of one manager's items (the lists' index projects managerId). */
export const managerFilter = (
  managerId: string | undefined,
): PagedQuery<unknown>['indexFilters'] =>
  managerId === undefined
    ? []
    : [{ expression: 'managerId = :managerId', values: { ':managerId': managerId } }];

/**
 * One page of an index, newest first, with an opaque cursor. The index projects keys (and
 * managerId), not items: each page of keys is read from the table in one BatchGetItem, in
 * index order. With filters, it reads on until the page is full (at most ten reads), so a
 * filtered page is not needlessly short.
 */
export const pagedQuery = async <T>(
  db: DynamoDBDocumentClient,
  q: PagedQuery<T>,
): Promise<{ items: T[]; nextCursor: string | null }> => {
  const filters = q.indexFilters ?? [];
  const filtered = filters.length > 0 || q.match !== undefined;
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

  const cursorOf = (key: Record<string, unknown> | undefined) =>
    encodeCursor(key && q.scope ? { ...key, scope: q.scope } : key);
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
      // Index entries are small (keys and managerId): a filtered page reads many at once.
      Limit: filtered ? Math.max(q.limit * 4, 200) : q.limit - items.length,
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
    const entries = result.Items ?? [];
    const read = new Map(
      (
        await getItems(db, q.table, entries as { pk: unknown; sk: unknown }[], {
          consistent: true,
        })
      ).map((item) => [`${String(item.pk)}\n${String(item.sk)}`, item]),
    );
    let consumed = 0;
    for (const entry of entries) {
      if (items.length >= q.limit) break;
      consumed++;
      lastKey = {
        pk: entry.pk,
        sk: entry.sk,
        [q.pkName]: entry[q.pkName],
        [q.skName]: entry[q.skName],
      };
      // Gone since the index was read, or no longer in this list: left out.
      const item = read.get(`${String(entry.pk)}\n${String(entry.sk)}`);
      if (!item || item[q.pkName] !== q.partition) continue;
      if (q.match && !q.match(item)) continue;
      items.push(q.map(item));
    }
    if (items.length >= q.limit) {
      // Full: continue right after the last entry taken, if anything may follow.
      const more = consumed < entries.length || result.LastEvaluatedKey !== undefined;
      return { items, nextCursor: more ? cursorOf(lastKey) : null };
    }
    startKey = result.LastEvaluatedKey;
    if (!startKey) return { items, nextCursor: null };
  }
  return { items, nextCursor: cursorOf(startKey) };
};
