import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import type { EventType } from '../domain/notify/events';
import type { Webhook, WebhookFormat } from '../domain/notify/types';
import type { WebhookStore } from '../ports';
import { isConditionFailure } from './dynamo-errors';
import { keys } from './keys';
import { queryAll } from './query-all';

const toWebhook = (item: Record<string, unknown>): Webhook => ({
  name: String(item.name),
  url: String(item.url),
  secret: String(item.secret),
  events: (item.events as EventType[]) ?? [],
  format: (item.format as WebhookFormat) ?? 'switchboard',
  active: item.active === true,
  updatedAt: String(item.updatedAt),
});

/**
 * Outgoing webhooks. The secret is stored as given (it must sign every delivery), encrypted at
 * rest with the table; the API never shows it back.
 */
export const createDynamoWebhookStore = (
  db: DynamoDBDocumentClient,
  table: string,
): WebhookStore => ({
  async list() {
    const items = await queryAll(db, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.webhooksPartition },
      ConsistentRead: true,
    });
    return items.map(toWebhook);
  },
  async get(name) {
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.webhook(name), ConsistentRead: true }),
    );
    return Item ? toWebhook(Item) : undefined;
  },
  async put(webhook) {
    await db.send(
      new PutCommand({
        TableName: table,
        Item: { ...keys.webhook(webhook.name), type: 'webhook', ...webhook },
      }),
    );
  },
  async delete(name) {
    try {
      await db.send(
        new DeleteCommand({
          TableName: table,
          Key: keys.webhook(name),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return 'deleted';
    } catch (error) {
      if (isConditionFailure(error)) return 'not_found';
      throw error;
    }
  },
});
