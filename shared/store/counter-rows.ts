import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, type Sleep } from './batch-get';
import type { Key } from './keys';
import { queryAll } from './query-all';

export type CounterRow = {
  readonly day: string;
  /** undefined: the day's total row. */
  readonly managerId?: string | undefined;
  readonly values: Record<string, number>;
};

type Item = Record<string, unknown>;

const toRow = (item: Item): CounterRow => {
  const values: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) {
    if (typeof value === 'number' && value !== 0) values[name] = value;
  }
  return {
    day: String(item.day),
    ...(item.sk === 'TOTAL' ? {} : { managerId: String(item.managerId) }),
    values,
  };
};

/**
 * Counter rows of some days: each day's partition holds its total and every manager's row
 * (one query per day); for one manager, one item per day (a batch read). Either way the items
 * read grow with days × managers, never with the events counted.
 */
export const readCounterRows = async (
  db: DynamoDBDocumentClient,
  table: string,
  days: readonly string[],
  shape: {
    readonly partition: (day: string) => string;
    readonly managerKey: (day: string, managerId: string) => Key;
    readonly managerId?: string | undefined;
  },
  sleep?: Sleep,
): Promise<CounterRow[]> => {
  const { managerId } = shape;
  if (managerId === undefined) {
    const perDay = await Promise.all(
      days.map((day) =>
        queryAll(db, {
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': shape.partition(day) },
        }),
      ),
    );
    return perDay.flat().map(toRow);
  }
  const items = await batchGetAll(
    db,
    table,
    days.map((day) => shape.managerKey(day, managerId)),
    {},
    sleep,
  );
  return items.map(toRow);
};
