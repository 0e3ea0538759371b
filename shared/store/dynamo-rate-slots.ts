import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateSlots } from '../notify/ports';
import { isConditionFailure } from './dynamo-errors';
import { keys } from './keys';

/**
 * A fixed-window counter per limiter and second: a conditional ADD takes a place while fewer
 * than `limit` are taken. Every function instance shares it, so the limit holds for the whole
 * deployment, not per Lambda. Items expire (TTL) two minutes after their second.
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
});
