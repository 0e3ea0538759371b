import type { Site } from '../domain/types';
import type { SiteStore } from '../ports';
import type { DynamoItems, Item } from './items';
import { keys } from './keys';

export const toSite = (item: Item): Site => ({
  siteKey: String(item.siteKey),
  name: String(item.name),
  allowedOrigins: (item.allowedOrigins as string[]) ?? [],
  tokenHash: item.tokenHash as string | undefined,
  // Sites saved before the default became "none" hold `website`: kept (which of them meant it
  // cannot be told apart), and a filled one is held as spam, not lost.
  honeypotField: typeof item.honeypotField === 'string' ? item.honeypotField : undefined,
  updatedAt: String(item.updatedAt),
});

/**
 * The site store's single-item part, on any DynamoItems (the SDK's document client, or ingest's
 * light client); `createDynamoSiteStore` adds the listing.
 */
export const createSiteItemStore = (
  items: DynamoItems,
  table: string,
): Omit<SiteStore, 'list'> => ({
  async get(siteKey) {
    const item = await items.get({ TableName: table, Key: keys.site(siteKey) });
    return item ? toSite(item) : undefined;
  },
  async put(site) {
    await items.put({
      TableName: table,
      Item: { ...keys.site(site.siteKey), type: 'site', ...site },
    });
  },
  async countSpam(siteKey, day) {
    await items.update({
      TableName: table,
      Key: keys.spamCounter(siteKey, day),
      UpdateExpression: 'ADD spam :one SET siteKey = :siteKey, #day = :day',
      ExpressionAttributeNames: { '#day': 'day' },
      ExpressionAttributeValues: { ':one': 1, ':siteKey': siteKey, ':day': day },
    });
  },
});
