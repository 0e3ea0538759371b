import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchEntryError, sendInBatches } from '../../../shared/queue/send-batch';

const sqsMock = mockClient(SQSClient);
afterEach(() => sqsMock.reset());

const sqs = () => new SQSClient({ region: 'us-east-1' });
const entries = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ MessageBody: `m${i}`, DelaySeconds: i }));

describe('sendInBatches', () => {
  it('sends 23 messages in requests of 10, 10 and 3, each entry as given', async () => {
    sqsMock.on(SendMessageBatchCommand).callsFake((input) => ({
      Successful: input.Entries.map((e: { Id: string }) => ({ Id: e.Id })),
    }));

    const unsent = await sendInBatches(sqs(), 'https://sqs/q', entries(23));

    expect(unsent).toEqual([]);
    const sent = sqsMock.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input);
    expect(sent.map((input) => input.Entries?.length)).toEqual([10, 10, 3]);
    expect(sent.flatMap((input) => input.Entries ?? [])).toEqual(
      entries(23).map((entry, i) => ({ ...entry, Id: String(i) })),
    );
    expect(sent.every((input) => input.QueueUrl === 'https://sqs/q')).toBe(true);
  });

  it('answers the entries SQS refused and every entry of a request that failed', async () => {
    sqsMock.on(SendMessageBatchCommand).callsFake((input) => {
      if (input.Entries[0].Id === '10') throw new Error('connection reset');
      return {
        Successful: input.Entries.filter((e: { Id: string }) => e.Id !== '3').map(
          (e: { Id: string }) => ({ Id: e.Id }),
        ),
        Failed: [{ Id: '3', Code: 'InternalError', SenderFault: false }],
      };
    });

    const unsent = await sendInBatches(sqs(), 'https://sqs/q', entries(13));

    expect(unsent.map(({ index }) => index)).toEqual([3, 10, 11, 12]);
    expect(unsent[0]?.error).toBeInstanceOf(BatchEntryError);
    expect(unsent[0]?.error).toMatchObject({ code: 'InternalError', senderFault: false });
    expect(unsent[1]?.error).toMatchObject({ message: 'connection reset' });
  });

  it('sends nothing when there is nothing to send', async () => {
    const unsent = await sendInBatches(sqs(), 'https://sqs/q', []);

    expect(unsent).toEqual([]);
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});
