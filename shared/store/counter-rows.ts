import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, type Sleep } from './batch-get';
import type { Key } from './keys';
import { queryAll } from './query-all';

export type CounterRow = {
  readonly day: string;
  /** undefined: the day's total row (summed at read time from the day's rows). */
  readonly managerId?: string | undefined;
  readonly values: Record<string, number>;
};

type Item = Record<string, unknown>;

/**
 * A day's counters have no total item: the total is the sum of the day's rows, read together
 * anyway (one partition per day). A manager's row holds that manager's own counters and, under
 * this prefix, the part of the company's total that the same change added beyond what the
 * managers' own rows took (e.g. `t_leads`: a lead counts in the company's `leads` only). What
 * no manager's row took goes to the day's `UNASSIGNED` row, which holds only such shares.
 */
const SHARE_PREFIX = 't_';
/** Written before totals were summed: the day's total as one item (still read, see below). */
const LEGACY_TOTAL_SK = 'TOTAL';

/** Number attributes by name, without zeros: a row's own counters, or its shares of the total. */
const numbers = (item: Item, shares: boolean): Record<string, number> => {
  const values: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) {
    if (typeof value !== 'number' || value === 0) continue;
    const isShare = name.startsWith(SHARE_PREFIX);
    if (isShare === shares) values[shares ? name.slice(SHARE_PREFIX.length) : name] = value;
  }
  return values;
};

const addInto = (sum: Record<string, number>, values: Record<string, number>) => {
  for (const [name, value] of Object.entries(values)) sum[name] = (sum[name] ?? 0) + value;
};

const nonZero = (values: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== 0));

/**
 * How a day with a total item (written before the upgrade) is read. `add`: that item is the
 * total of what was counted then, and the shares written since are added to it (leads, deals:
 * their total held what no manager's row did). `ignore`: the day's manager rows always added up
 * to it (calls: every change went to the total and to one manager's row, '-' for nobody's), so
 * the sum of the rows is the total, before and after the upgrade.
 */
export type LegacyTotal = 'add' | 'ignore';

/**
 * A manager's row as read for that manager: its own counters, without its shares of the total.
 */
const managerRowOf = (item: Item): CounterRow => ({
  day: String(item.day),
  managerId: String(item.managerId),
  values: numbers(item, false),
});

/**
 * The items of some days' counter partitions as rows: each manager's own, and per day the
 * company's total — the sum of every row's own counters and shares (or, for a day counted before
 * the upgrade, see `LegacyTotal`). Pure: the summing is tested on its own.
 */
export const foldCounterItems = (
  items: readonly Item[],
  legacyTotal: LegacyTotal,
): CounterRow[] => {
  const days = new Map<string, { own: Record<string, number>; legacy?: Record<string, number> }>();
  const shares = new Map<string, Record<string, number>>();
  const managers: CounterRow[] = [];
  for (const item of items) {
    const day = String(item.day);
    const entry = days.get(day) ?? { own: {} };
    days.set(day, entry);
    const daysShares = shares.get(day) ?? {};
    shares.set(day, daysShares);
    if (item.sk === LEGACY_TOTAL_SK) {
      if (legacyTotal === 'add') entry.legacy = numbers(item, false);
      continue;
    }
    addInto(daysShares, numbers(item, true));
    // Only a manager's row is anyone's; UNASSIGNED (or any other row of shares) only adds up.
    if (!String(item.sk).startsWith('MANAGER#')) continue;
    const row = managerRowOf(item);
    addInto(entry.own, row.values);
    managers.push(row);
  }
  const totals = [...days.entries()].map(([day, { own, legacy }]): CounterRow => {
    const sum: Record<string, number> = { ...(legacy ?? own) };
    addInto(sum, shares.get(day) ?? {});
    return { day, values: nonZero(sum) };
  });
  return [...managers, ...totals];
};

/**
 * Counter rows of some days: each day's partition holds every manager's row and the share of
 * the total no manager took (one query per day; the total is their sum); for one manager, one
 * item per day (a batch read). Either way the items read grow with days × managers, never with
 * the events counted.
 */
export const readCounterRows = async (
  db: DynamoDBDocumentClient,
  table: string,
  days: readonly string[],
  shape: {
    readonly partition: (day: string) => string;
    readonly managerKey: (day: string, managerId: string) => Key;
    readonly managerId?: string | undefined;
    readonly legacyTotal: LegacyTotal;
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
    return foldCounterItems(perDay.flat(), shape.legacyTotal);
  }
  const items = await batchGetAll(
    db,
    table,
    days.map((day) => shape.managerKey(day, managerId)),
    {},
    sleep,
  );
  return items.map(managerRowOf);
};

/**
 * A change of a day's counters as row updates: each manager's own counters, and what the total
 * gains beyond them (`total` minus the managers') as shares in the first of those rows — or, when
 * no manager's row changes, in the day's `UNASSIGNED` row. One row fewer than a total item beside
 * them; a change that moves only a manager's own counters writes only that row.
 */
export const counterRowChanges = (
  total: Readonly<Record<string, number>>,
  managers: Readonly<Record<string, Readonly<Record<string, number>>>>,
): { managerId?: string; values: Record<string, number> }[] => {
  const residual: Record<string, number> = { ...total };
  const owned = Object.entries(managers)
    .map(([managerId, counts]) => ({ managerId, values: nonZero({ ...counts }) }))
    .filter((row) => Object.keys(row.values).length > 0)
    .sort((a, b) => (a.managerId < b.managerId ? -1 : a.managerId > b.managerId ? 1 : 0));
  for (const row of owned) {
    for (const [name, value] of Object.entries(row.values)) {
      residual[name] = (residual[name] ?? 0) - value;
    }
  }
  const share = Object.fromEntries(
    Object.entries(nonZero(residual)).map(([name, value]) => [`${SHARE_PREFIX}${name}`, value]),
  );
  const [first, ...rest] = owned;
  if (!first) return Object.keys(share).length > 0 ? [{ values: share }] : [];
  return [{ managerId: first.managerId, values: { ...first.values, ...share } }, ...rest];
};
