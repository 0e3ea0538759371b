import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Site } from '../domain/types';
import type { SiteStore } from '../ports';
import { keys } from './keys';
import { queryAll } from './query-all';

const toSite = (item: Record<string, unknown>): Site => ({
  siteKey: String(item.siteKey),
  name: String(item.name),
  allowedOrigins: (item.allowedOrigins as string[]) ?? [],
  tokenHash: item.tokenHash as string | undefined,
  // Sites saved before the default became "none" hold `website`: kept (which of them meant it
  // cannot be told apart), and a filled one is held as spam, not lost.
  honeypotField: typeof item.honeypotField === 'string' ? item.honeypotField : undefined,
  updatedAt: String(item.updatedAt),
});

export const createDynamoSiteStore = (db: DynamoDBDocumentClient, table: string): SiteStore => ({
  async get(siteKey) {
    const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.site(siteKey) }));
    return Item ? toSite(Item) : undefined;
  },
  async list() {
    const items = await queryAll(db, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.sitesPartition },
    });
    return items.map(toSite);
  },
  async put(site) {
    await db.send(
      new PutCommand({
        TableName: table,
        Item: { ...keys.site(site.siteKey), type: 'site', ...site },
      }),
    );
  },
  async countSpam(siteKey, day) {
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.spamCounter(siteKey, day),
        UpdateExpression: 'ADD spam :one SET siteKey = :siteKey, #day = :day',
        ExpressionAttributeNames: { '#day': 'day' },
        ExpressionAttributeValues: { ':one': 1, ':siteKey': siteKey, ':day': day },
      }),
    );
  },
});
