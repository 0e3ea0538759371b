import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTransactionUnits } from '../../bench/support/transaction-units';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/local-aws';
import { provisionTable } from '../../local/provision';

/**
 * What the cost benchmark's meters rely on (bench/support/aws-meters.ts): DynamoDB Local's
 * consumed capacity for single writes is AWS's, per KB of the item and per index it is in, as
 * this table's indexes project it; its figure for a transaction is not, and is measured item by
 * item instead. If a new DynamoDB Local changes either, this fails before the bench misleads.
 */
describe('write units on DynamoDB Local, as the cost bench meters them', () => {
  const table = `capacity-${randomUUID().slice(0, 8)}`;
  let raw: DynamoDBClient;
  let db: DynamoDBDocumentClient;

  beforeAll(async () => {
    raw = new DynamoDBClient({
      endpoint: inject('dynamoEndpoint'),
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    db = DynamoDBDocumentClient.from(raw);
    await provisionTable(raw, table);
  });
  afterAll(() => raw.destroy());

  const units = (
    capacity: { CapacityUnits?: number; Table?: { CapacityUnits?: number } } = {},
  ) => ({
    table: capacity.Table?.CapacityUnits ?? 0,
    indexes: (capacity.CapacityUnits ?? 0) - (capacity.Table?.CapacityUnits ?? 0),
  });
  const put = async (item: Record<string, unknown>) =>
    units(
      (
        await db.send(
          new PutCommand({ TableName: table, Item: item, ReturnConsumedCapacity: 'INDEXES' }),
        )
      ).ConsumedCapacity,
    );
  const update = async (key: string, expression: string, values: Record<string, unknown>) =>
    units(
      (
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: key, sk: key },
            UpdateExpression: expression,
            ExpressionAttributeValues: values,
            ReturnConsumedCapacity: 'INDEXES',
          }),
        )
      ).ConsumedCapacity,
    );

  it('bills a write per started KB of the item', async () => {
    expect(await put({ pk: 'small', sk: 'small', text: 'x'.repeat(500) })).toEqual({
      table: 1,
      indexes: 0,
    });
    expect(await put({ pk: 'big', sk: 'big', text: 'x'.repeat(2_500) })).toEqual({
      table: 3,
      indexes: 0,
    });
  });

  it('writes the list index only when the keys or managerId it projects change', async () => {
    const listed = { gsi1pk: 'LEADS', gsi1sk: '2026-12-01T10:00:00Z#a', managerId: 'anna' };
    expect(await put({ pk: 'lead', sk: 'lead', ...listed, status: 'assigned' })).toEqual({
      table: 1,
      indexes: 1,
    });
    expect(await update('lead', 'SET note = :s', { ':s': 'x' })).toEqual({
      table: 1,
      indexes: 0,
    });
    expect(await update('lead', 'SET managerId = :m', { ':m': 'boris' })).toEqual({
      table: 1,
      indexes: 1,
    });
    // A new sort key: the old entry deleted, the new one put.
    expect(await update('lead', 'SET gsi1sk = :k', { ':k': '2026-12-01T09:00:00Z#a' })).toEqual({
      table: 1,
      indexes: 2,
    });
  });

  it('reports a transaction wrongly, so the meters measure its items one by one, twice each', async () => {
    const items = ['t1', 't2', 't3'].map((key) => ({
      Put: { TableName: table, Item: { pk: key, sk: key } },
    }));
    const measure = createTransactionUnits(raw);
    const before = await measure.before(items);

    const reported = await db.send(
      new TransactWriteCommand({ TransactItems: items, ReturnConsumedCapacity: 'INDEXES' }),
    );
    const measured: { tableUnits: number; indexUnits: number }[] = [];
    measure.measure(before, (u) => measured.push(u));
    await measure.settled();

    // Three small puts: DynamoDB Local says 2 (as for one); AWS bills 2 × 3.
    expect(reported.ConsumedCapacity?.[0]?.CapacityUnits).toBe(2);
    expect(measured).toEqual([
      { tableUnits: 2, indexUnits: 0 },
      { tableUnits: 2, indexUnits: 0 },
      { tableUnits: 2, indexUnits: 0 },
    ]);
    expect(measure.unreplayed()).toBe(0);
  });
});
