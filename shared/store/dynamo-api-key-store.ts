import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord } from '../domain/types';
import type { ApiKeyStore, StoredApiKey } from '../ports';
import { getItems } from './batch-get';
import { INDEX, keys } from './keys';
import { queryAll } from './query-all';

const toRecord = (item: Record<string, unknown>): StoredApiKey => ({
  keyId: String(item.keyId),
  name: String(item.name),
  role: item.role as ApiKeyRecord['role'],
  managerId: item.managerId as string | undefined,
  createdAt: String(item.createdAt),
  revokedAt: item.revokedAt as string | undefined,
  hash: String(item.hash),
});

export const createDynamoApiKeyStore = (
  db: DynamoDBDocumentClient,
  table: string,
): ApiKeyStore => ({
  async findByHash(hash) {
    // Strongly consistent: a key revoked a moment ago is refused on the very next request.
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.apiKey(hash), ConsistentRead: true }),
    );
    return Item ? toRecord(Item) : undefined;
  },
  async create(key) {
    await db.send(
      new PutCommand({
        TableName: table,
        Item: { ...keys.apiKey(key.hash), ...keys.apiKeysList(key.keyId), type: 'apiKey', ...key },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  },
  async list() {
    const entries = await queryAll(db, {
      TableName: table,
      IndexName: INDEX.byList,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.apiKeysListPartition },
    });
    // The index holds keys only: the records are read from the table.
    const items = await getItems(db, table, entries as { pk: unknown; sk: unknown }[], {
      consistent: true,
    });
    return items.map((item): ApiKeyRecord => {
      const { hash: _secret, ...record } = toRecord(item);
      return record;
    });
  },
  async revoke(keyId, at) {
    const found = await db.send(
      new QueryCommand({
        TableName: table,
        IndexName: INDEX.byList,
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :keyId',
        ExpressionAttributeValues: { ':pk': keys.apiKeysListPartition, ':keyId': keyId },
      }),
    );
    const item = found.Items?.[0];
    if (!item) return 'not_found';
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
    return 'revoked';
  },
});
