import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouterHandler } from '../../../functions/router/handler';
import { toSqsRecord } from '../../../local/poller';
import type { Manager } from '../../../shared/domain/types';
import { createSqsAssignmentQueue } from '../../../shared/queue/sqs-assignment-queue';
import { createSqsSlaQueue } from '../../../shared/queue/sqs-sla-queue';
import { createDocumentClient } from '../../../shared/store/client';
import { createStores } from '../../../shared/store/stores';
import { leadIdOf } from '../../../shared/usecases/accept-lead-event';

const dbMock = mockClient(DynamoDBDocumentClient);
const sqsMock = mockClient(SQSClient);
afterEach(() => {
  dbMock.reset();
  sqsMock.reset();
});
beforeEach(() => {
  // Every write succeeds and nothing was there before: each record opens a new lead.
  dbMock.onAnyCommand().resolves({});
  dbMock.on(BatchGetCommand).resolves({ Responses: { table: [] } });
  dbMock.on(QueryCommand).resolves({ Items: [] });
});

const NOW = new Date('2026-11-27T07:00:00Z');
const anna: Manager = {
  id: 'anna',
  name: 'Anna',
  team: 'acquisition',
  extensions: [],
  phones: [],
  weight: 1,
  active: true,
  updatedAt: NOW.toISOString(),
};

const router = () => {
  const sqs = new SQSClient({ region: 'us-east-1' });
  const stores = createStores(createDocumentClient({ region: 'us-east-1' }), {
    tableName: 'table',
  });
  return createRouterHandler({
    ...stores,
    managers: { ...stores.managers, list: async () => [anna] },
    assignments: createSqsAssignmentQueue(sqs, 'https://sqs/assignments'),
    sla: createSqsSlaQueue(sqs, 'https://sqs/sla', () => NOW),
    now: () => NOW,
    newId: () => 'id-1',
    thresholds: { effectiveTalkSeconds: 60, shortAbandonSeconds: 5 },
    callFinalizeAfterSeconds: 14_400,
    timeZone: 'Europe/Moscow',
    acceptTimeoutSeconds: 120,
  });
};

const event = (n: number) => ({
  kind: 'lead',
  eventId: `form:shop:tranid:${n}`,
  channel: 'form',
  receivedAt: NOW.toISOString(),
  dedupeWindowSeconds: 86_400,
  source: { siteKey: 'shop' },
  contact: { phone: `+7999123456${n}` },
});
const leadOf = (n: number) => leadIdOf(event(n));

const record = (id: string, n: number, group: string): SQSRecord =>
  toSqsRecord(
    {
      MessageId: id,
      ReceiptHandle: id,
      Body: JSON.stringify(event(n)),
      Attributes: { MessageGroupId: group },
    },
    'arn:aws:sqs:us-east-1:1:intake.fifo',
  );

// Person 1 alone; persons 2 and 3 in one message group (3 after 2); person 4 alone.
const batch = () => [
  record('m-1', 1, 'g-1'),
  record('m-2', 2, 'g-2'),
  record('m-3', 3, 'g-2'),
  record('m-4', 4, 'g-4'),
];

type Entry = { Id: string; MessageBody: string };

/** What SQS took so far: the lead of each accepted message, per queue, each copy counted. */
const accepted = { sla: [] as string[], assignments: [] as string[] };
beforeEach(() => {
  accepted.sla = [];
  accepted.assignments = [];
});

/** SQS as a fake: takes every entry except those `refuse` picks, throws when `fail` says. */
const fakeSqs = (
  refuse: (queue: string, body: { leadId: string }) => boolean,
  fail: (queue: string) => boolean = () => false,
) =>
  sqsMock.on(SendMessageBatchCommand).callsFake((input) => {
    const queue = String(input.QueueUrl).endsWith('/sla') ? 'sla' : 'assignments';
    if (fail(queue)) throw Object.assign(new Error('service unavailable'), { $fault: 'server' });
    const entries = input.Entries as Entry[];
    const refused = entries.filter((e) => refuse(queue, JSON.parse(e.MessageBody)));
    for (const e of entries) {
      if (!refused.includes(e)) accepted[queue].push(JSON.parse(e.MessageBody).leadId);
    }
    return {
      Successful: entries.filter((e) => !refused.includes(e)).map((e) => ({ Id: e.Id })),
      Failed: refused.map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false })),
    };
  });

describe('the router’s follow-ups, sent together at the end of a batch', () => {
  it('sends every record’s accept deadline and announcement in one request per queue', async () => {
    fakeSqs(() => false);

    const response = await router()({ Records: batch() });

    expect(response.batchItemFailures).toEqual([]);
    const requests = sqsMock.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(requests.map((input) => [input.QueueUrl, input.Entries?.length]).sort()).toEqual([
      ['https://sqs/assignments', 4],
      ['https://sqs/sla', 4],
    ]);
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(0);
    const all = [1, 2, 3, 4].map(leadOf).sort();
    expect([...accepted.sla].sort()).toEqual(all);
    expect([...accepted.assignments].sort()).toEqual(all);
    const slaEntry = requests.find((input) => input.QueueUrl === 'https://sqs/sla')?.Entries?.[0];
    expect(slaEntry?.DelaySeconds).toBe(120);
    const announcement = requests.find((input) => input.QueueUrl === 'https://sqs/assignments')
      ?.Entries?.[0];
    expect(announcement?.MessageAttributes).toEqual({
      managerId: { DataType: 'String', StringValue: 'anna' },
      type: { DataType: 'String', StringValue: 'lead.assigned' },
    });
  });

  it('fails a record whose announcement SQS refused, and the records after it in its group', async () => {
    fakeSqs((queue, body) => queue === 'assignments' && body.leadId === leadOf(2));

    const response = await router()({ Records: batch() });

    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: 'm-2' },
      { itemIdentifier: 'm-3' },
    ]);
  });

  it('fails every record of the batch when a whole request fails', async () => {
    fakeSqs(
      () => false,
      (queue) => queue === 'sla',
    );

    const response = await router()({ Records: batch() });

    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([
      'm-1',
      'm-2',
      'm-3',
      'm-4',
    ]);
  });

  it('loses nothing: the failed records delivered again send their follow-ups again', async () => {
    let refusals = 1;
    fakeSqs((queue, body) => {
      if (queue !== 'sla' || body.leadId !== leadOf(3) || refusals === 0) return false;
      refusals--;
      return true;
    });
    const first = await router()({ Records: batch() });
    const again = batch().filter((r) =>
      first.batchItemFailures.some((f) => f.itemIdentifier === r.messageId),
    );

    const second = await router()({ Records: again });

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm-3' }]);
    expect(second.batchItemFailures).toEqual([]);
    // Each accept deadline went out once: the refused one only with the record's second run.
    expect([...accepted.sla].sort()).toEqual([1, 2, 3, 4].map(leadOf).sort());
    // The second run sends the record's announcement again (SQS took it the first time): one
    // copy more, whose deliveries are turned away as duplicates (attempt-delivery.ts).
    expect([...accepted.assignments].sort()).toEqual([1, 2, 3, 3, 4].map(leadOf).sort());
  });
});
