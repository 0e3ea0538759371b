import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SiteStore } from '../ports';
import { createDocumentItems } from './document-items';
import { keys } from './keys';
import { queryAll } from './query-all';
import { createSiteItemStore, toSite } from './site-items';

export const createDynamoSiteStore = (db: DynamoDBDocumentClient, table: string): SiteStore => ({
  ...createSiteItemStore(createDocumentItems(db), table),
  async list() {
    const items = await queryAll(db, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.sitesPartition },
    });
    return items.map(toSite);
  },
});
