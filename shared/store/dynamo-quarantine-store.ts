import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { QuarantineStore } from '../ports';
import { createDocumentItems } from './document-items';
import { INDEX, keys } from './keys';
import { pagedQuery } from './paged-query';
import { createQuarantineItemStore, toHeld } from './quarantine-items';

export const createDynamoQuarantineStore = (
  db: DynamoDBDocumentClient,
  table: string,
): QuarantineStore => ({
  ...createQuarantineItemStore(createDocumentItems(db), table),

  list(query) {
    return pagedQuery(db, {
      table,
      index: INDEX.byList,
      pkName: 'gsi1pk',
      skName: 'gsi1sk',
      partition: keys.heldListPartition,
      from: query.from,
      to: query.to,
      match: (item) =>
        (!query.status || item.status === query.status) &&
        (!query.route || item.route === query.route),
      limit: query.limit,
      cursor: query.cursor,
      map: toHeld,
    });
  },
});
