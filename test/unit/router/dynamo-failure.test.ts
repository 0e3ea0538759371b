import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createRouterHandler } from '../../../functions/router/handler';
import { toSqsRecord } from '../../../local/poller';
import { createSqsAssignmentQueue } from '../../../shared/queue/sqs-assignment-queue';
import { createDocumentClient } from '../../../shared/store/client';
import { createStores } from '../../../shared/store/stores';

const dbMock = mockClient(DynamoDBDocumentClient);
const sqsMock = mockClient(SQSClient);
afterEach(() => {
  dbMock.reset();
  sqsMock.reset();
});

const router = () =>
  createRouterHandler({
    ...createStores(createDocumentClient({ region: 'us-east-1' }), { tableName: 'table' }),
    assignments: createSqsAssignmentQueue(
      new SQSClient({ region: 'us-east-1' }),
      'https://sqs/assignments',
    ),
    now: () => new Date('2026-11-27T07:00:00Z'),
    newId: () => 'id-1',
    thresholds: { effectiveTalkSeconds: 60, shortAbandonSeconds: 5 },
    callFinalizeAfterSeconds: 14_400,
    timeZone: 'Europe/Moscow',
    acceptTimeoutSeconds: 120,
    sla: { schedule: async () => {}, scheduleAll: async () => [] },
  });

const record = (id: string, body: unknown, group = 'g1') =>
  toSqsRecord(
    {
      MessageId: id,
      ReceiptHandle: id,
      Body: JSON.stringify(body),
      Attributes: { MessageGroupId: group },
    },
    'arn:aws:sqs:us-east-1:1:intake.fifo',
  );

const leadEvent = {
  kind: 'lead',
  eventId: 'form:shop:tranid:1',
  channel: 'form',
  receivedAt: '2026-11-27T07:00:00.000Z',
  dedupeWindowSeconds: 86_400,
  source: { siteKey: 'shop' },
  contact: { phone: '+79991234567' },
};

describe('the router when DynamoDB throttles', () => {
  it('reports the record as a batch item failure, so SQS retries it, and sends nothing', async () => {
    dbMock.onAnyCommand().resolves({});
    dbMock.on(GetCommand).resolves({});
    dbMock.on(BatchGetCommand).resolves({ Responses: { table: [] } });
    // The write that counts the new lead (the lead itself and its contact are written before).
    dbMock.on(TransactWriteCommand).rejects(
      Object.assign(new Error('Throughput exceeds the current capacity'), {
        name: 'ProvisionedThroughputExceededException',
        $fault: 'client',
      }),
    );

    const response = await router()({ Records: [record('m-1', leadEvent)] });

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('fails only the failing person’s messages; other groups carry on', async () => {
    dbMock.onAnyCommand().resolves({});
    dbMock.on(BatchGetCommand).resolves({ Responses: { table: [] } });
    dbMock.on(QueryCommand).resolves({ Items: [] });
    const person = (n: number) => ({
      ...leadEvent,
      eventId: `form:shop:tranid:${n}`,
      contact: { phone: `+7999123456${n}` },
    });
    const poison = record('m-bad', { kind: 'nonsense' }, 'g-bad');
    const next = record('m-next', person(1), 'g-bad');
    const second = record('m-2', person(2), 'g-2');
    const third = record('m-3', person(3), 'g-3');

    const response = await router()({ Records: [poison, second, next, third] });

    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: 'm-bad' },
      { itemIdentifier: 'm-next' },
    ]);
    const handled = dbMock
      .commandCalls(TransactWriteCommand)
      .flatMap((call) => call.args[0].input.TransactItems ?? [])
      .flatMap((item) => (item.Put?.Item?.type === 'event' ? [item.Put.Item.eventId] : []));
    expect(handled.sort()).toEqual(['form:shop:tranid:2', 'form:shop:tranid:3']);
  });
});
