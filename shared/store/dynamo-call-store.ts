import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { CALL_COUNTERS, type CounterDelta, type CounterValues } from '../domain/calls/counters';
import type { CallEvent } from '../domain/calls/types';
import type { CallStore, StoredCall } from '../ports';
import { readCounterRows } from './counter-rows';
import { cancellationCodes, isConditionFailure } from './dynamo-errors';
import { INDEX, keys, NO_MANAGER } from './keys';
import { managerFilter, pagedQuery } from './paged-query';
import { queryAll } from './query-all';

type Item = Record<string, unknown>;

const RECORD_FIELDS = [
  'provider',
  'callId',
  'direction',
  'customer',
  'line',
  'startedAt',
  'startKnown',
  'answeredAt',
  'endedAt',
  'ended',
  'closedBy',
  'lastEventAt',
  'finalSeen',
  'talkSeconds',
  'disposition',
  'reason',
  'agent',
  'offeredTo',
  'recordingUrl',
  'events',
  'version',
  'day',
  'managerId',
  'classification',
  'callback',
  'contribution',
  'finalizeCheckFor',
  'timedOutAt',
  'updatedAt',
] as const;

const toRecord = (item: Item): StoredCall => {
  const record: Record<string, unknown> = {};
  for (const field of RECORD_FIELDS) {
    if (item[field] !== undefined) record[field] = item[field];
  }
  return { offeredTo: [], ...record } as unknown as StoredCall;
};

const toEvent = (item: Item): CallEvent => item.event as CallEvent;

/**
 * Merges deltas into one update per counter item (a transaction may touch an item once): the
 * row of the call's manager ('-': nobody's). No total item: the day's total is the sum of its
 * rows (store/counter-rows).
 */
const counterUpdates = (deltas: readonly CounterDelta[]) => {
  const byItem = new Map<string, { day: string; managerId: string; values: CounterValues }>();
  for (const delta of deltas) {
    const managerId = delta.managerId ?? NO_MANAGER;
    const id = `${delta.day}|${managerId}`;
    const entry = byItem.get(id) ?? { day: delta.day, managerId, values: {} };
    for (const name of CALL_COUNTERS) {
      const v = delta.values[name];
      if (v) entry.values[name] = (entry.values[name] ?? 0) + v;
    }
    byItem.set(id, entry);
  }
  return [...byItem.values()].filter((u) => Object.values(u.values).some((v) => v !== 0));
};

export const createDynamoCallStore = (db: DynamoDBDocumentClient, table: string): CallStore => ({
  async putEvent(event) {
    try {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...keys.callEvent(event.provider, event.callId, event.eventKey),
            type: 'callEvent',
            event,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'recorded';
    } catch (error) {
      if (isConditionFailure(error)) return 'duplicate';
      throw error;
    }
  },

  async events(provider, callId) {
    const items = await queryAll(db, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
      ExpressionAttributeValues: {
        ':pk': keys.callPartition(provider, callId),
        ':events': 'EVENT#',
      },
      ConsistentRead: true,
    });
    return items.map(toEvent);
  },

  async get(provider, callId) {
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.call(provider, callId), ConsistentRead: true }),
    );
    return Item ? toRecord(Item) : undefined;
  },

  async save(record, expectedVersion, deltas, resolve) {
    // In the list of every call (its index projects managerId: a manager's calls are that list
    // narrowed), so a save that changes neither the start nor the manager writes no index.
    const item: Item = {
      ...keys.call(record.provider, record.callId),
      ...keys.callsList(record.startedAt, record.provider, record.callId),
      type: 'call',
    };
    for (const field of RECORD_FIELDS) {
      if (record[field] !== undefined) item[field] = record[field];
    }

    const updates = counterUpdates(deltas);
    const recordPut = {
      TableName: table,
      Item: item,
      ...(expectedVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': expectedVersion },
          }),
    };
    if (updates.length === 0 && !resolve) {
      // Only the record changes: one conditional put, half a transaction's units.
      try {
        await db.send(new PutCommand(recordPut));
        return 'saved';
      } catch (error) {
        if (isConditionFailure(error)) return 'conflict';
        throw error;
      }
    }
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: recordPut },
            ...updates.map((update) => {
              const names: Record<string, string> = {};
              const values: Record<string, unknown> = { ':day': update.day };
              const adds = Object.entries(update.values).map(([name, value], i) => {
                names[`#c${i}`] = name;
                values[`:c${i}`] = value;
                return `#c${i} :c${i}`;
              });
              values[':managerId'] = update.managerId;
              return {
                Update: {
                  TableName: table,
                  Key: keys.callCounterManager(update.day, update.managerId),
                  UpdateExpression: `ADD ${adds.join(', ')} SET #day = :day, managerId = :managerId`,
                  ExpressionAttributeNames: { ...names, '#day': 'day' },
                  ExpressionAttributeValues: values,
                },
              };
            }),
            ...(resolve
              ? [
                  {
                    Update: {
                      TableName: table,
                      Key: keys.numberMissed(
                        resolve.number,
                        resolve.missedEndedAt,
                        record.provider,
                        record.callId,
                      ),
                      UpdateExpression: 'SET #status = :status, resolvedAt = :at, byCallId = :by',
                      ConditionExpression:
                        'attribute_exists(pk) AND (#status = :open OR resolvedAt > :at)',
                      ExpressionAttributeNames: { '#status': 'status' },
                      ExpressionAttributeValues: {
                        ':status': resolve.outcome.status,
                        ':at': resolve.outcome.at,
                        ':by': resolve.outcome.byCallId,
                        ':open': 'open',
                      },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
      return 'saved';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (codes[0] === 'ConditionalCheckFailed' || codes.includes('TransactionConflict')) {
        return 'conflict';
      }
      if (resolve && codes.at(-1) === 'ConditionalCheckFailed') return 'superseded';
      throw error;
    }
  },

  list(query) {
    const { managerId, direction, outcome } = query;
    return pagedQuery(db, {
      table,
      index: INDEX.byList,
      pkName: 'gsi1pk',
      skName: 'gsi1sk',
      partition: keys.callsListPartition,
      from: query.from,
      to: query.to,
      // A manager's calls: the list, narrowed in the index.
      indexFilters: managerFilter(managerId),
      match:
        direction || outcome
          ? (item) => {
              const classification = item.classification as
                | { outcome?: string; effective?: boolean }
                | undefined;
              return (
                (!direction || item.direction === direction) &&
                (!outcome ||
                  (outcome === 'effective'
                    ? classification?.effective === true
                    : classification?.outcome === outcome))
              );
            }
          : undefined,
      scope: managerId === undefined ? undefined : `manager:${managerId}`,
      limit: query.limit,
      cursor: query.cursor,
      map: toRecord,
    });
  },

  async counters(days, managerId) {
    const rows = await readCounterRows(db, table, days, {
      partition: keys.callCountersPartition,
      managerKey: keys.callCounterManager,
      managerId,
      legacyTotal: 'ignore',
    });
    return rows.map((row) => ({
      ...row,
      values: Object.fromEntries(
        CALL_COUNTERS.filter((name) => row.values[name] !== undefined).map((name) => [
          name,
          row.values[name] as number,
        ]),
      ) as CounterValues,
    }));
  },
});
