import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Manager } from '../domain/types';
import type { ManagerStore } from '../ports';
import { isConditionFailure } from './dynamo-errors';
import { keys } from './keys';
import { queryAll } from './query-all';

const toManager = (item: Record<string, unknown>): Manager => ({
  id: String(item.id),
  name: String(item.name),
  team: item.team as Manager['team'],
  extensions: (item.extensions as string[]) ?? [],
  phones: (item.phones as string[]) ?? [],
  weight: Number(item.weight ?? 1),
  active: item.active === true,
  workingHours: item.workingHours as Manager['workingHours'],
  telegramChatId: typeof item.telegramChatId === 'string' ? item.telegramChatId : undefined,
  bitrix24UserId: typeof item.bitrix24UserId === 'string' ? item.bitrix24UserId : undefined,
  updatedAt: String(item.updatedAt),
});

export const createDynamoManagerStore = (
  db: DynamoDBDocumentClient,
  table: string,
): ManagerStore => ({
  async list() {
    const items = await queryAll(db, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.managersPartition },
      ConsistentRead: true,
    });
    return items.map(toManager);
  },
  async get(managerId) {
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.manager(managerId), ConsistentRead: true }),
    );
    return Item ? toManager(Item) : undefined;
  },
  async put(manager) {
    await db.send(
      new PutCommand({
        TableName: table,
        Item: { ...keys.manager(manager.id), type: 'manager', ...manager },
      }),
    );
  },
  async bindTelegramChat(managerId, chatId, at) {
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.manager(managerId),
          UpdateExpression: 'SET telegramChatId = :chat, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':chat': chatId, ':at': at },
        }),
      );
      return 'bound';
    } catch (error) {
      if (isConditionFailure(error)) return 'not_found';
      throw error;
    }
  },
});
