import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SlaMessage } from '../domain/messages';
import type { Clock, SlaQueue } from '../ports';

/** SQS delays a message 15 minutes at most; a later check travels in hops. */
export const MAX_DELAY_SECONDS = 900;

export const delayUntil = (dueAt: string, now: Date): number =>
  Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((Date.parse(dueAt) - now.getTime()) / 1000)));

export const createSqsSlaQueue = (
  sqs: SQSClient,
  queueUrl: string,
  runtime: { readonly now: Clock; readonly onSlaScheduled?: (message: SlaMessage) => void },
): SlaQueue => ({
  async schedule(message) {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(message),
        DelaySeconds: delayUntil(message.dueAt, runtime.now()),
      }),
    );
    runtime.onSlaScheduled?.(message);
  },
});
