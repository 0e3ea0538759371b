import { awsClientOptions, type Config, required } from './config';
import { createSqsClient } from './queue/client';
import { createSqsAssignmentQueue } from './queue/sqs-assignment-queue';
import { createSqsSlaQueue } from './queue/sqs-sla-queue';
import type { Runtime } from './runtime';
import { createDocumentClient } from './store/client';
import { createStores } from './store/stores';
import type { CallDeps } from './usecases/call-deps';
import type { LeadDeps } from './usecases/lead-deps';

/**
 * The stores, queues and clock that routing works with, built once per cold start: the router
 * and the sla function both start from these (AWS and local/ alike).
 */
export const composeLeadDeps = (
  config: Config,
  runtime: Runtime,
): ReturnType<typeof createStores> & LeadDeps => {
  const stores = createStores(createDocumentClient(awsClientOptions(config, 'dynamodb')), config);
  const sqs = createSqsClient(awsClientOptions(config, 'sqs'));
  return {
    ...stores,
    timeZone: config.timeZone,
    acceptTimeoutSeconds: config.acceptTimeoutSeconds,
    sla: createSqsSlaQueue(sqs, required(config.slaQueueUrl, 'SLA_QUEUE_URL'), runtime.now),
    assignments: createSqsAssignmentQueue(
      sqs,
      required(config.assignmentsQueueUrl, 'ASSIGNMENTS_QUEUE_URL'),
    ),
    now: runtime.now,
    newId: runtime.newId,
  };
};

/** Lead ports and what calls are judged by: the router's and the sla function's ports alike. */
export const composeCallDeps = (config: Config, runtime: Runtime): CallDeps => ({
  ...composeLeadDeps(config, runtime),
  thresholds: config.thresholds,
  callFinalizeAfterSeconds: config.callFinalizeAfterSeconds,
});
