import { setMaxListeners } from 'node:events';
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { LOCAL_REGION } from './local-aws';

export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export type PollerOptions = {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly handler: SqsHandler;
  readonly batchSize: number;
  /** Parallel receive loops, like Lambda's concurrent batches for one event source. */
  readonly concurrency: number;
  readonly onError?: (error: unknown) => void;
};

export type Poller = { stop(): Promise<void> };

/** An SQS message as Lambda's event source mapping hands it to a function. */
export const toSqsRecord = (message: Message, queueArn: string): SQSRecord => ({
  messageId: message.MessageId ?? '',
  receiptHandle: message.ReceiptHandle ?? '',
  body: message.Body ?? '',
  attributes: {
    ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
    SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
    SenderId: message.Attributes?.SenderId ?? 'local',
    ApproximateFirstReceiveTimestamp:
      message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    ...(message.Attributes?.MessageGroupId
      ? { MessageGroupId: message.Attributes.MessageGroupId }
      : {}),
    ...(message.Attributes?.MessageDeduplicationId
      ? { MessageDeduplicationId: message.Attributes.MessageDeduplicationId }
      : {}),
    ...(message.Attributes?.SequenceNumber
      ? { SequenceNumber: message.Attributes.SequenceNumber }
      : {}),
  },
  messageAttributes: Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name,
      {
        dataType: value.DataType ?? 'String',
        ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
        ...(value.BinaryValue !== undefined
          ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
          : {}),
        stringListValues: [],
        binaryListValues: [],
      },
    ]),
  ),
  md5OfBody: message.MD5OfBody ?? '',
  eventSource: 'aws:sqs',
  eventSourceARN: queueArn,
  awsRegion: LOCAL_REGION,
});

export type PollOnceOptions = Omit<PollerOptions, 'concurrency' | 'onError'> & {
  readonly waitTimeSeconds?: number;
  readonly abortSignal?: AbortSignal;
};

/**
 * One turn of what Lambda's SQS event source mapping does: receive a batch, invoke the handler,
 * delete what succeeded. Items named in batchItemFailures (or the whole batch, if the handler
 * throws) stay in the queue, come back after the visibility timeout, and SQS moves them to the
 * DLQ after maxReceiveCount receives. Returns how many messages were received.
 */
export const pollOnce = async (options: PollOnceOptions): Promise<number> => {
  const { Messages } = await options.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: options.queueUrl,
      MaxNumberOfMessages: options.batchSize,
      WaitTimeSeconds: options.waitTimeSeconds ?? 1,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
    options.abortSignal ? { abortSignal: options.abortSignal } : {},
  );
  if (!Messages || Messages.length === 0) return 0;
  const records = Messages.map((message) => toSqsRecord(message, options.queueArn));
  const response = await options.handler({ Records: records }); // a throw fails the whole batch
  const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  const done = records.filter((record) => !failed.has(record.messageId));
  for (let i = 0; i < done.length; i += 10) {
    await options.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: options.queueUrl,
        Entries: done.slice(i, i + 10).map((record, n) => ({
          Id: String(n),
          ReceiptHandle: record.receiptHandle,
        })),
      }),
    );
  }
  return records.length;
};

/**
 * How long a poller's receive waits for messages: as long as SQS allows, as Lambda's event
 * source mapping polls. A message arriving ends the wait at once; an idle queue costs one
 * request per loop every 20 s instead of every second.
 */
export const POLLER_WAIT_SECONDS = 20;

/** Polls a queue until stopped, `concurrency` loops at once, like Lambda's concurrent batches. */
export const startPoller = (options: PollerOptions): Poller => {
  let running = true;
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // every loop's in-flight request listens to it

  const loop = async () => {
    while (running) {
      try {
        await pollOnce({
          ...options,
          waitTimeSeconds: POLLER_WAIT_SECONDS,
          abortSignal: abort.signal,
        });
      } catch (error) {
        if (!running) return;
        options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 250)); // back off, then go on
      }
    }
  };

  const loops = Array.from({ length: options.concurrency }, loop);
  return {
    stop: async () => {
      running = false;
      abort.abort();
      await Promise.allSettled(loops);
    },
  };
};
