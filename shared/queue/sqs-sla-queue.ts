import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SlaMessage } from '../domain/messages';
import type { Clock, SlaQueue } from '../ports';
import { type BatchEntry, sendInBatches } from './send-batch';

/** SQS delays a message 15 minutes at most; a later check travels in hops. */
export const MAX_DELAY_SECONDS = 900;

export const delayUntil = (dueAt: string, now: Date): number =>
  Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((Date.parse(dueAt) - now.getTime()) / 1000)));

/** The message as SQS carries it, alone or in a batch: delayed until its dueAt. */
const slaEntry = (message: SlaMessage, now: Date): BatchEntry => ({
  MessageBody: JSON.stringify(message),
  DelaySeconds: delayUntil(message.dueAt, now),
});

export const createSqsSlaQueue = (sqs: SQSClient, queueUrl: string, now: Clock): SlaQueue => ({
  async schedule(message) {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, ...slaEntry(message, now()) }));
  },
  scheduleAll(messages) {
    const at = now();
    return sendInBatches(
      sqs,
      queueUrl,
      messages.map((message) => slaEntry(message, at)),
    );
  },
});
