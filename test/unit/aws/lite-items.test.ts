import { afterEach, describe, expect, it } from 'vitest';
import { createAwsJsonClient, DYNAMODB } from '../../../shared/aws/json-client';
import { createLiteItems } from '../../../shared/aws/lite-items';
import {
  type StandInAnswer,
  type StandInRequest,
  type StandInServer,
  startStandInServer,
} from '../../support/stand-ins/http-server';

let server: StandInServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** DynamoDB as a stand-in server (JSON protocol 1.0), answering each request with `answer`. */
const dynamo = async (answer: StandInAnswer) => {
  const seen: StandInRequest[] = [];
  server = await startStandInServer((request) => {
    seen.push(request);
    return answer;
  });
  const items = createLiteItems(
    createAwsJsonClient({
      service: DYNAMODB,
      region: 'eu-west-1',
      endpoint: server.url,
      credentials: async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }),
      sleep: async () => undefined,
    }),
  );
  return { items, seen, sent: () => JSON.parse(seen[0]?.body ?? '{}') };
};

describe('DynamoItems over the light client', () => {
  it('writes an item as the document client marshals it, bytes as base64 and undefined left out', async () => {
    const { items, seen, sent } = await dynamo({ status: 200, body: {} });

    await items.put({
      TableName: 't',
      Item: { pk: 'held#1', n: 3, body: new Uint8Array([0, 1, 255]), gone: undefined, tags: ['a'] },
      ConditionExpression: 'attribute_not_exists(pk)',
    });

    expect(seen[0]?.headers['x-amz-target']).toBe('DynamoDB_20120810.PutItem');
    expect(sent()).toEqual({
      TableName: 't',
      Item: {
        pk: { S: 'held#1' },
        n: { N: '3' },
        body: { B: 'AAH/' },
        tags: { L: [{ S: 'a' }] },
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('reads an item back as plain values, bytes as bytes, and undefined when there is none', async () => {
    const found = await dynamo({
      status: 200,
      body: { Item: { pk: { S: 'site#shop' }, n: { N: '2' }, body: { B: 'AAH/' } } },
    });

    const item = await found.items.get({
      TableName: 't',
      Key: { pk: 'site#shop' },
      ConsistentRead: true,
    });

    expect(item).toEqual({ pk: 'site#shop', n: 2, body: new Uint8Array([0, 1, 255]) });
    expect(found.sent()).toEqual({
      TableName: 't',
      Key: { pk: { S: 'site#shop' } },
      ConsistentRead: true,
    });
    await server?.stop();

    const missing = await dynamo({ status: 200, body: {} });
    await expect(missing.items.get({ TableName: 't', Key: { pk: 'x' } })).resolves.toBeUndefined();
  });

  it('sends an update with its expression values marshalled', async () => {
    const { items, sent } = await dynamo({ status: 200, body: {} });

    await items.update({
      TableName: 't',
      Key: { pk: 'spam#shop', sk: '2026-11-27' },
      UpdateExpression: 'ADD spam :one SET #day = :day',
      ExpressionAttributeNames: { '#day': 'day' },
      ExpressionAttributeValues: { ':one': 1, ':day': '2026-11-27' },
    });

    expect(sent()).toEqual({
      TableName: 't',
      Key: { pk: { S: 'spam#shop' }, sk: { S: '2026-11-27' } },
      UpdateExpression: 'ADD spam :one SET #day = :day',
      ExpressionAttributeNames: { '#day': 'day' },
      ExpressionAttributeValues: { ':one': { N: '1' }, ':day': { S: '2026-11-27' } },
    });
  });
});
