import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Unsent } from '../ports';

/** One message of a SendMessageBatch, as a single send would carry it (without its batch Id). */
export type BatchEntry = Omit<SendMessageBatchRequestEntry, 'Id'>;

/** SQS takes at most 10 entries per SendMessageBatch. */
export const MAX_BATCH_ENTRIES = 10;

/** An entry SQS refused within a batch it otherwise accepted. */
export class BatchEntryError extends Error {
  readonly code: string;
  readonly senderFault: boolean;
  constructor(code: string, senderFault: boolean) {
    super(`SQS did not take the message: ${code}`);
    this.name = 'BatchEntryError';
    this.code = code;
    this.senderFault = senderFault;
  }
}

/**
 * Sends the entries to one queue in SendMessageBatch requests of up to 10, side by side. Never
 * throws: answers the positions (in `entries`) of the messages that were not sent, each with
 * why — the entry's own failure, or the whole request's error for every entry of it.
 */
export const sendInBatches = async (
  sqs: SQSClient,
  queueUrl: string,
  entries: readonly BatchEntry[],
): Promise<Unsent> => {
  // The Id of an entry is its position in `entries`, so a failure names its message.
  const batches: SendMessageBatchRequestEntry[][] = [];
  for (let start = 0; start < entries.length; start += MAX_BATCH_ENTRIES) {
    batches.push(
      entries
        .slice(start, start + MAX_BATCH_ENTRIES)
        .map((entry, offset) => ({ ...entry, Id: String(start + offset) })),
    );
  }
  const unsent = await Promise.all(
    batches.map(async (batch): Promise<Unsent> => {
      const positions = batch.map((entry) => Number(entry.Id));
      try {
        const response = await sqs.send(
          new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch }),
        );
        const sent = new Set((response.Successful ?? []).map((entry) => entry.Id));
        const failed = new Map((response.Failed ?? []).map((entry) => [entry.Id, entry]));
        return positions
          .filter((index) => !sent.has(String(index)))
          .map((index) => {
            const failure = failed.get(String(index));
            return {
              index,
              error: new BatchEntryError(
                failure?.Code ?? 'NotReported',
                failure?.SenderFault ?? false,
              ),
            };
          });
      } catch (error) {
        return positions.map((index) => ({ index, error }));
      }
    }),
  );
  return unsent.flat();
};
