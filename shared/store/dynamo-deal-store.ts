import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ClientRevenueDelta, DealCounterDelta } from '../domain/deals/close';
import type { DealRecord, DealStore } from '../ports';
import { counterRowChanges, readCounterRows } from './counter-rows';
import { counterUpdate } from './counter-update';
import { keys } from './keys';
import { transact } from './leads/items';
import { queryAll } from './query-all';

type Item = Record<string, unknown>;

const DEAL_FIELDS = [
  'dealId',
  'leadId',
  'contactId',
  'outcome',
  'amountMinor',
  'currency',
  'reason',
  'closedAt',
  'effect',
  'recordedAt',
] as const;

/** A CRM's deal as an item, put only where none with its id is kept. */
export const dealPut = (table: string, deal: DealRecord) => ({
  Put: {
    TableName: table,
    Item: { ...keys.deal(deal.dealId), type: 'deal', ...deal },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

const toDeal = (item: Item): DealRecord => {
  const deal: Record<string, unknown> = {};
  for (const field of DEAL_FIELDS) if (item[field] !== undefined) deal[field] = item[field];
  return deal as DealRecord;
};

const hasValues = (values: Readonly<Record<string, number>>) =>
  Object.values(values).some((n) => n !== 0);

/**
 * Deal counter changes as updates: a row per day and manager; what a lead closed before anyone
 * had it adds (the company's only) as shares in the day's unassigned row, once per day. The
 * day's total is the sum of its rows (store/counter-rows).
 */
export const dealCounterItems = (table: string, deltas: readonly DealCounterDelta[]) => {
  const unassigned = new Map<string, Record<string, number>>();
  for (const delta of deltas) {
    if (delta.managerId !== undefined) continue;
    const sum = unassigned.get(delta.day) ?? {};
    for (const [name, n] of Object.entries(delta.values)) sum[name] = (sum[name] ?? 0) + n;
    unassigned.set(delta.day, sum);
  }
  return [
    ...[...unassigned.entries()].flatMap(([day, values]) =>
      counterRowChanges(values, {}).map((change) =>
        counterUpdate(table, keys.dealCounterUnassigned(day), change.values, { day }),
      ),
    ),
    ...deltas
      .filter((delta) => delta.managerId !== undefined && hasValues(delta.values))
      .map((delta) =>
        counterUpdate(
          table,
          keys.dealCounterManager(delta.day, delta.managerId as string),
          delta.values,
          { day: delta.day, managerId: delta.managerId as string },
        ),
      ),
  ];
};

/** A client's won revenue of a month, added to its item in the month's partition. */
export const clientRevenueItems = (table: string, deltas: readonly ClientRevenueDelta[]) =>
  deltas
    .filter((delta) => hasValues(delta.values))
    .map((delta) =>
      counterUpdate(table, keys.clientRevenue(delta.month, delta.contactId), delta.values, {
        month: delta.month,
        contactId: delta.contactId,
      }),
    );

/** CRM deals kept once, and the month's won deals and revenue as read back. */
export const createDynamoDealStore = (db: DynamoDBDocumentClient, table: string): DealStore => ({
  async get(dealId) {
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.deal(dealId), ConsistentRead: true }),
    );
    return Item ? toDeal(Item) : undefined;
  },

  async record(deal, month) {
    const counts = month
      ? [...dealCounterItems(table, month.deals), ...clientRevenueItems(table, month.clients)]
      : [];
    // One item: a plain conditional put (transact); false: the deal id is kept already.
    return (await transact(db, [dealPut(table, deal), ...counts])) ? 'recorded' : 'duplicate';
  },

  counters: (days, managerId) =>
    readCounterRows(db, table, days, {
      partition: keys.dealCountersPartition,
      managerKey: keys.dealCounterManager,
      managerId,
      legacyTotal: 'add',
    }),

  async clientRevenue(months) {
    const perMonth = await Promise.all(
      months.map((month) =>
        queryAll(db, {
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.clientRevenuePartition(month) },
        }),
      ),
    );
    return perMonth.flat().map((item) => {
      const values: Record<string, number> = {};
      for (const [name, value] of Object.entries(item)) {
        if (typeof value === 'number' && value !== 0) values[name] = value;
      }
      return { month: String(item.month), contactId: String(item.contactId), values };
    });
  },
});
