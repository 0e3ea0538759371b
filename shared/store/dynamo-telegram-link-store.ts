import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TelegramLinkStore } from '../ports';
import { isConditionFailure } from './dynamo-errors';
import { keys } from './keys';

/**
 * One-time /start codes, stored by their sha256 only. Using one deletes it, conditionally, so two
 * chats racing with the same code cannot both bind; TTL removes the unused ones.
 */
export const createDynamoTelegramLinkStore = (
  db: DynamoDBDocumentClient,
  table: string,
): TelegramLinkStore => ({
  async create(codeHash, managerId, expiresAt) {
    await db.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...keys.telegramLink(codeHash),
          type: 'telegram-link',
          managerId,
          expiresAt: Math.floor(expiresAt.getTime() / 1000),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  },
  async consume(codeHash, now) {
    try {
      const { Attributes } = await db.send(
        new DeleteCommand({
          TableName: table,
          Key: keys.telegramLink(codeHash),
          ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
          ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return typeof Attributes?.managerId === 'string' ? Attributes.managerId : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  },
});
