/**
 * The one table, as both infra/ (CDK) and local/ (DynamoDB Local) create it: the single
 * source of truth for its key schema, indexes and TTL attribute.
 *
 * What an index projects is what every write of an item in it pays again (per KB of the
 * projected item): `gsi1-keys` holds the keys and `managerId` only, so a lead or a call written
 * again without a new manager or sort key costs nothing there, and the lists read the few items
 * a page shows from the table (BatchGetItem). `gsi2` is sparse: only leads waiting for their team
 * carry its keys. (`gsi1-keys` replaced `gsi1`, which projected every attribute: docs/performance.md,
 * "Upgrading".)
 */
export const TABLE = {
  /** Name of the table the local stack creates; in AWS, CDK names it. */
  localName: 'switchboard',
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB deletes expired items (event markers) in the background. */
  ttlAttribute: 'expiresAt',
  indexes: [
    {
      name: 'gsi1-keys',
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
      projection: { type: 'INCLUDE', attributes: ['managerId'] },
    },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: { type: 'ALL' } },
  ],
} as const satisfies {
  readonly [key: string]: unknown;
  readonly indexes: readonly {
    readonly name: string;
    readonly partitionKey: string;
    readonly sortKey: string;
    readonly projection:
      | { readonly type: 'ALL' | 'KEYS_ONLY' }
      | { readonly type: 'INCLUDE'; readonly attributes: readonly string[] };
  }[];
};

export type IndexName = (typeof TABLE.indexes)[number]['name'];
