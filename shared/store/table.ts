/**
 * The one table, as both infra/ (CDK) and local/ (DynamoDB Local) create it: the single
 * source of truth for its key schema, indexes and TTL attribute.
 */
export const TABLE = {
  /** Name of the table the local stack creates; in AWS, CDK names it. */
  localName: 'switchboard',
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB deletes expired items (event markers) in the background. */
  ttlAttribute: 'expiresAt',
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

export type IndexName = (typeof TABLE.indexes)[number]['name'];
