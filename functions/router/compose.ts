import { awsClientOptions, type Config, required } from '../../shared/config';
import { createSqsClient } from '../../shared/queue/client';
import { createSqsAssignmentQueue } from '../../shared/queue/sqs-assignment-queue';
import { createSqsSlaQueue } from '../../shared/queue/sqs-sla-queue';
import { type Runtime, systemRuntime } from '../../shared/runtime';
import { createDocumentClient } from '../../shared/store/client';
import { createStores } from '../../shared/store/stores';
import { createRouterHandler } from './handler';

/** Builds the router's clients and adapters once per cold start; AWS and local/ both use it. */
export const composeRouter = (config: Config, runtime: Runtime = systemRuntime) => {
  const stores = createStores(createDocumentClient(awsClientOptions(config, 'dynamodb')), config);
  const sqs = createSqsClient(awsClientOptions(config, 'sqs'));
  return createRouterHandler({
    ...stores,
    thresholds: config.thresholds,
    timeZone: config.timeZone,
    acceptTimeoutSeconds: config.acceptTimeoutSeconds,
    sla: createSqsSlaQueue(sqs, required(config.slaQueueUrl, 'SLA_QUEUE_URL'), runtime),
    assignments: createSqsAssignmentQueue(
      sqs,
      required(config.assignmentsQueueUrl, 'ASSIGNMENTS_QUEUE_URL'),
    ),
    now: runtime.now,
    newId: runtime.newId,
    ...(runtime.beforeRouterRecord ? { beforeRecord: runtime.beforeRouterRecord } : {}),
  });
};
