import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { EventType } from '../domain/notify/events';
import type { Delivery, DeliveryStatus } from '../domain/notify/types';
import type { DeliveryStore } from '../ports';
import { getItems } from './batch-get';
import { isConditionFailure } from './dynamo-errors';
import { INDEX, keys } from './keys';

/** Delivery records are kept 30 days (TTL): long enough to look into, short enough to forget. */
const KEEP_SECONDS = 30 * 86_400;

const toDelivery = (item: Record<string, unknown>): Delivery => ({
  id: String(item.id),
  destination: String(item.destination),
  target: String(item.target),
  eventId: String(item.eventId),
  type: item.eventType as EventType,
  status: item.status as DeliveryStatus,
  attempts: Number(item.attempts ?? 0),
  lastStatusCode: typeof item.lastStatusCode === 'number' ? item.lastStatusCode : undefined,
  lastAttemptAt: typeof item.lastAttemptAt === 'string' ? item.lastAttemptAt : undefined,
  lastError: typeof item.lastError === 'string' ? item.lastError : undefined,
  createdAt: String(item.createdAt),
});

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * One item per delivery. `seq` is the latest attempt claimed, `settled` the latest whose end was
 * written, `leaseUntil` how long the claimer owns it: together they let exactly one of several
 * copies of a message run each attempt, and let an attempt whose function died run again.
 */
export const createDynamoDeliveryStore = (
  db: DynamoDBDocumentClient,
  table: string,
): DeliveryStore => ({
  async claim(claim) {
    const now = seconds(claim.now);
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.delivery(claim.id),
          UpdateExpression:
            'SET seq = :seq, leaseUntil = :lease, lastAttemptAt = :at, ' +
            '#status = if_not_exists(#status, :pending), settled = if_not_exists(settled, :zero), ' +
            'attempts = if_not_exists(attempts, :zero), id = :id, destination = :destination, ' +
            'target = :target, eventId = :eventId, eventType = :type, ' +
            'createdAt = if_not_exists(createdAt, :createdAt), expiresAt = :expires' +
            (claim.webhook
              ? ', gsi1pk = if_not_exists(gsi1pk, :gsi1pk), gsi1sk = if_not_exists(gsi1sk, :gsi1sk)'
              : ''),
          ConditionExpression:
            'attribute_not_exists(pk) OR (#status = :pending AND settled < :seq AND ' +
            '(seq < :seq OR leaseUntil < :now))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':seq': claim.seq,
            ':lease': now + claim.leaseSeconds,
            ':now': now,
            ':at': claim.now.toISOString(),
            ':pending': 'pending',
            ':zero': 0,
            ':id': claim.id,
            ':destination': claim.destination,
            ':target': claim.target,
            ':eventId': claim.eventId,
            ':type': claim.type,
            ':createdAt': claim.createdAt,
            ':expires': now + KEEP_SECONDS,
            ...(claim.webhook
              ? Object.fromEntries(
                  Object.entries(
                    keys.webhookDeliveries(claim.webhook, claim.createdAt, claim.id),
                  ).map(([name, value]) => [`:${name}`, value]),
                )
              : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },

  async settle(id, seq, settlement) {
    const sets = ['settled = :seq', '#status = :status', 'lastAttemptAt = :at'];
    if (settlement.statusCode !== undefined) sets.push('lastStatusCode = :code');
    if (settlement.error !== undefined) sets.push('lastError = :error');
    const removes = ['leaseUntil', ...(settlement.error === undefined ? ['lastError'] : [])];
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.delivery(id),
          UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}${
            settlement.attempted ? ' ADD attempts :one' : ''
          }`,
          ConditionExpression: 'seq = :seq',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':seq': seq,
            ':status': settlement.status,
            ':at': settlement.at,
            ...(settlement.statusCode !== undefined ? { ':code': settlement.statusCode } : {}),
            ...(settlement.error !== undefined ? { ':error': settlement.error.slice(0, 300) } : {}),
            ...(settlement.attempted ? { ':one': 1 } : {}),
          },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error; // a later attempt owns it now
    }
  },

  async reopen(id) {
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.delivery(id),
          UpdateExpression: 'SET #status = :pending',
          ConditionExpression: '#status = :failed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':failed': 'failed' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error; // pending already, or delivered meanwhile
    }
  },

  async get(id) {
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.delivery(id), ConsistentRead: true }),
    );
    return Item ? toDelivery(Item) : undefined;
  },

  async listForWebhook(name, limit) {
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: table,
        IndexName: INDEX.byList,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.webhookDeliveriesPartition(name) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    // The index holds keys only: the deliveries are read from the table, newest first.
    return (await getItems(db, table, Items as { pk: unknown; sk: unknown }[])).map(toDelivery);
  },
});
