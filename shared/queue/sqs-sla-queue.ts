import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Clock, SlaQueue } from '../ports';

/** SQS delays a message 15 minutes at most; a later check travels in hops. */
export const MAX_DELAY_SECONDS = 900;

export const delayUntil = (dueAt: string, now: Date): number =>
  Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((Date.parse(dueAt) - now.getTime()) / 1000)));

export const createSqsSlaQueue = (sqs: SQSClient, queueUrl: string, now: Clock): SlaQueue => ({
  async schedule(message) {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(message),
        DelaySeconds: delayUntil(message.dueAt, now()),
      }),
    );
  },
});
