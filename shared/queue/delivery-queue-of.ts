import { awsClientOptions, type Config, ConfigError, required } from '../config';
import type { Runtime } from '../runtime';
import { createSqsClient } from './client';
import { QUEUES } from './definitions';
import { createSqsDeliveryQueue } from './sqs-delivery-queue';

/** The deliveries queue and its DLQ, as the notify and deliver functions both send to
 * them (each composes its own). */
export const deliveryQueueOf = (config: Config, runtime: Runtime) => {
  const url = required(config.deliveriesQueueUrl, 'DELIVERIES_QUEUE_URL');
  return createSqsDeliveryQueue(
    createSqsClient(awsClientOptions(config, 'sqs')),
    { url, dlqUrl: dlqUrlOf(url) },
    runtime.now,
  );
};

/**
 * The DLQ's URL beside its queue's, named as shared/queue/definitions.ts names it (with the
 * queue's prefix: the stack's name in AWS, a test's own locally).
 */
export const dlqUrlOf = (queueUrl: string): string => {
  const { name, dlq } = QUEUES.deliveries;
  if (!queueUrl.endsWith(name)) {
    throw new ConfigError(`DELIVERIES_QUEUE_URL does not name the ${name} queue`);
  }
  return `${queueUrl.slice(0, -name.length)}${dlq.name}`;
};
