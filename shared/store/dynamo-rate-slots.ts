import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateSlots } from '../ports';
import { isConditionFailure } from './dynamo-errors';
import { keys } from './keys';

/**
 * Two kinds of limit, both shared by every function instance (the limit holds for the whole
 * deployment, not per Lambda): a fixed-window counter per limiter and second (a conditional ADD
 * takes a place while fewer than `limit` are taken), and a spacing per limiter (one item holds
 * the earliest instant the next send may have; taking it moves it on, conditionally on nobody
 * having moved it meanwhile). Items expire (TTL) a few minutes after they stop mattering.
 */
export const createDynamoRateSlots = (db: DynamoDBDocumentClient, table: string): RateSlots => ({
  async reserve(limiter, second, limit) {
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.rateSlot(limiter, second),
          UpdateExpression: 'ADD taken :one SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(taken) OR taken < :limit',
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': second + 120 },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },
  async release(limiter, second) {
    await db
      .send(
        new UpdateCommand({
          TableName: table,
          Key: keys.rateSlot(limiter, second),
          UpdateExpression: 'ADD taken :minusOne',
          ConditionExpression: 'taken > :zero',
          ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  },
  async space(limiter, intervalMs, now, maxAheadMs) {
    const key = keys.rateSpacing(limiter);
    for (let attempt = 0; attempt < 8; attempt++) {
      const { Item } = await db.send(
        new GetCommand({ TableName: table, Key: key, ConsistentRead: true }),
      );
      const previous = typeof Item?.nextAt === 'number' ? Item.nextAt : undefined;
      const at = Math.max(now.getTime(), previous ?? 0);
      if (at - now.getTime() > maxAheadMs) return undefined;
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: key,
            UpdateExpression: 'SET nextAt = :next, expiresAt = :expires',
            ConditionExpression:
              previous === undefined ? 'attribute_not_exists(nextAt)' : 'nextAt = :previous',
            ExpressionAttributeValues: {
              ':next': at + intervalMs,
              ':expires': Math.floor((at + intervalMs) / 1000) + 300,
              ...(previous === undefined ? {} : { ':previous': previous }),
            },
          }),
        );
        return at;
      } catch (error) {
        if (!isConditionFailure(error)) throw error; // another send took it: look again
      }
    }
    return undefined; // too busy to get a turn now: the caller comes back later
  },
});
