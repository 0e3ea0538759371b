import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoItems, Item } from '../store/items';
import type { AwsJsonClient } from './json-client';

/** As the document client is made (shared/store/client.ts). */
const MARSHALL = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const;

type Wire = Record<string, unknown>;

/**
 * AWS's JSON protocol carries binary attribute values as base64 (the SDK's serializer does
 * this under the document client); every other attribute value is JSON as it is.
 */
const toWire = (value: unknown): unknown => {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object' && !(value instanceof Set)) {
    const out: Wire = {};
    for (const [key, inner] of Object.entries(value)) out[key] = toWire(inner);
    return out;
  }
  return value;
};

/** The reverse, for attribute values read back: `B` and `BS` become bytes again. */
const fromWire = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(fromWire);
  if (!value || typeof value !== 'object') return value;
  const out: Wire = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'B' && typeof inner === 'string') out[key] = fromBase64(inner);
    else if (key === 'BS' && Array.isArray(inner)) out[key] = inner.map((b) => fromBase64(b));
    else out[key] = fromWire(inner);
  }
  return out;
};

const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

const attributes = (item: Item) => toWire(marshall(item, MARSHALL));

const expressions = (input: {
  readonly ConditionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Item;
}) => ({
  ...(input.ConditionExpression ? { ConditionExpression: input.ConditionExpression } : {}),
  ...(input.ExpressionAttributeNames
    ? { ExpressionAttributeNames: input.ExpressionAttributeNames }
    : {}),
  ...(input.ExpressionAttributeValues
    ? { ExpressionAttributeValues: attributes(input.ExpressionAttributeValues) }
    : {}),
});

/**
 * DynamoItems over the light JSON client (ingest only): the same items as the document client
 * writes, marshalled by the same library (`@aws-sdk/util-dynamodb`, which lib-dynamodb uses).
 */
export const createLiteItems = (dynamodb: AwsJsonClient): DynamoItems => ({
  async get(input) {
    const { Item } = await dynamodb.call<{ Item?: Wire }>('GetItem', {
      TableName: input.TableName,
      Key: attributes(input.Key),
      ...(input.ConsistentRead ? { ConsistentRead: true } : {}),
    });
    return Item ? unmarshall(fromWire(Item) as Parameters<typeof unmarshall>[0]) : undefined;
  },
  async put(input) {
    await dynamodb.call('PutItem', {
      TableName: input.TableName,
      Item: attributes(input.Item),
      ...expressions(input),
    });
  },
  async update(input) {
    await dynamodb.call('UpdateItem', {
      TableName: input.TableName,
      Key: attributes(input.Key),
      UpdateExpression: input.UpdateExpression,
      ...expressions(input),
    });
  },
});
