import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
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
    timeZone: 'Europe/Moscow',
    acceptTimeoutSeconds: 120,
    sla: { schedule: async () => {} },
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
    dbMock.on(GetCommand).resolves({});
    dbMock.on(BatchGetCommand).resolves({ Responses: { table: [] } });
    dbMock.on(TransactWriteCommand).rejects(
      Object.assign(new Error('Throughput exceeds the current capacity'), {
        name: 'ProvisionedThroughputExceededException',
        $fault: 'client',
      }),
    );

    const response = await router()({ Records: [record('m-1', leadEvent)] });

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('fails only the failing person’s messages; other groups carry on', async () => {
    dbMock.on(GetCommand).rejects(new Error('boom'));
    const poison = record('m-bad', { kind: 'nonsense' }, 'g-bad');
    const next = record('m-next', leadEvent, 'g-bad');

    const response = await router()({ Records: [poison, next] });

    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: 'm-bad' },
      { itemIdentifier: 'm-next' },
    ]);
  });
});
