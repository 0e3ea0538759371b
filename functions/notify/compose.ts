import { awsClientOptions, type Config, ConfigError, required } from '../../shared/config';
import { TEXTS } from '../../shared/domain/notify/texts';
import { createSqsClient } from '../../shared/queue/client';
import { QUEUES } from '../../shared/queue/definitions';
import { createSqsDeliveryQueue } from '../../shared/queue/sqs-delivery-queue';
import { type Runtime, systemRuntime } from '../../shared/runtime';
import { createDocumentClient } from '../../shared/store/client';
import { createStores } from '../../shared/store/stores';
import { createNotifyHandler, type NotifyDeps } from './handler';

/** The deliveries queue and its DLQ, as the notify and deliver functions both send to them. */
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

/** The notify function's ports, built once per cold start; AWS and local/ both use them. */
export const composeNotifyDeps = (config: Config, runtime: Runtime = systemRuntime): NotifyDeps => {
  const stores = createStores(createDocumentClient(awsClientOptions(config, 'dynamodb')), config);
  return {
    ...stores,
    queue: deliveryQueueOf(config, runtime),
    now: runtime.now,
    texts: TEXTS[config.language],
    timeZone: config.timeZone,
    acceptTimeoutSeconds: config.acceptTimeoutSeconds,
    telegram: config.notifyTelegram.botToken !== undefined,
  };
};

export const composeNotify = (config: Config, runtime: Runtime = systemRuntime) =>
  createNotifyHandler(composeNotifyDeps(config, runtime));
