import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Clock, DeliveryQueue } from '../ports';
import { toSqsBody } from './sqs-body';
import { delayUntil } from './sqs-sla-queue';

/**
 * The deliveries queue: each message delayed until its dueAt (at most 15 minutes a hop; the
 * deliver function sends an early one on), and its DLQ, where exhausted deliveries are put.
 */
export const createSqsDeliveryQueue = (
  sqs: SQSClient,
  urls: { readonly url: string; readonly dlqUrl: string },
  now: Clock,
): DeliveryQueue => ({
  async send(message) {
    const delay = delayUntil(message.dueAt, now());
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: urls.url,
        MessageBody: toSqsBody(message),
        DelaySeconds: delay,
        MessageAttributes: {
          destination: { DataType: 'String', StringValue: message.destination },
          type: { DataType: 'String', StringValue: message.type },
        },
      }),
    );
  },
  async deadLetter(message) {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: urls.dlqUrl,
        MessageBody: toSqsBody({ ...message, deadLettered: true }),
        MessageAttributes: {
          destination: { DataType: 'String', StringValue: message.destination },
          type: { DataType: 'String', StringValue: message.type },
        },
      }),
    );
  },
});
