import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { readCounterRows } from '../../../shared/store/counter-rows';
import { createDynamoApiKeyStore } from '../../../shared/store/dynamo-api-key-store';
import { createDynamoContactStore } from '../../../shared/store/dynamo-contact-store';

// DynamoDB Local reads are always consistent and it never leaves keys unprocessed: what these
// tests check cannot be provoked on it, so the client is mocked.
const dynamo = mockClient(DynamoDBDocumentClient);
afterEach(() => dynamo.reset());
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const noSleep = async () => {};

describe('the API key store', () => {
  it('looks a key up with a strongly consistent read, so a revoked key stops working at once', async () => {
    dynamo.on(GetCommand).resolves({});

    await createDynamoApiKeyStore(db, 'T').findByHash('abc');

    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      ConsistentRead: true,
    });
  });
});

describe('batch reads that DynamoDB leaves unprocessed', () => {
  const contact = (id: string) => ({ pk: `CONTACT#${id}`, sk: 'CONTACT', id, createdAt: 'x' });

  it('retries the unprocessed keys with backoff and returns every item', async () => {
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { T: [contact('a')] },
        UnprocessedKeys: { T: { Keys: [{ pk: 'CONTACT#b', sk: 'CONTACT' }] } },
      })
      .resolvesOnce({ Responses: { T: [contact('b')] } });
    const waits: number[] = [];

    const found = await createDynamoContactStore(db, 'T', async (ms) => {
      waits.push(ms);
    }).getMany(['a', 'b']);

    expect([...found.keys()].sort()).toEqual(['a', 'b']);
    expect(waits).toHaveLength(1);
  });

  it('fails loudly, never returning a partial answer, when keys stay unprocessed', async () => {
    dynamo.on(BatchGetCommand).resolves({
      Responses: { T: [] },
      UnprocessedKeys: { T: { Keys: [{ pk: 'CONTACT#b', sk: 'CONTACT' }] } },
    });

    await expect(createDynamoContactStore(db, 'T', noSleep).getMany(['b'])).rejects.toThrow(
      /unprocessed/i,
    );
    await expect(
      createDynamoContactStore(db, 'T', noSleep).findByIdentities(['phone:+79990000000']),
    ).rejects.toThrow(/unprocessed/i);
    await expect(
      readCounterRows(
        db,
        'T',
        ['2026-11-27'],
        {
          partition: (day: string) => `C#${day}`,
          managerKey: (day: string, id: string) => ({ pk: `C#${day}`, sk: id }),
          managerId: 'anna',
          legacyTotal: 'add',
        },
        noSleep,
      ),
    ).rejects.toThrow(/unprocessed/i);
  });

  it('retries the identity lookups a router needs before giving up', async () => {
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { T: [] },
        UnprocessedKeys: { T: { Keys: [{ pk: 'ID#phone:+79990000000', sk: 'ID' }] } },
      })
      .resolvesOnce({
        Responses: { T: [{ identityKey: 'phone:+79990000000', contactId: 'c1' }] },
      });

    const found = await createDynamoContactStore(db, 'T', noSleep).findByIdentities([
      'phone:+79990000000',
    ]);

    expect(found.get('phone:+79990000000')).toBe('c1');
  });
});
