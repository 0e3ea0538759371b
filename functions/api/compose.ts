import { awsClientOptions, type Config } from '../../shared/config';
import { createSqsClient } from '../../shared/queue/client';
import { createSqsIntakeQueue } from '../../shared/queue/sqs-intake-queue';
import { createSqsSlaQueue } from '../../shared/queue/sqs-sla-queue';
import { type Runtime, systemRuntime } from '../../shared/runtime';
import { createDocumentClient } from '../../shared/store/client';
import { createStores } from '../../shared/store/stores';
import { createApiApp } from './app';
import type { ApiDeps } from './deps';

export const composeApiDeps = (config: Config, runtime: Runtime = systemRuntime): ApiDeps => {
  const stores = createStores(createDocumentClient(awsClientOptions(config, 'dynamodb')), config);
  return {
    ...stores,
    now: runtime.now,
    newId: runtime.newId,
    adminApiKey: config.adminApiKey,
    secret: config.secret,
    intake: config.intakeQueueUrl
      ? createSqsIntakeQueue(
          createSqsClient(awsClientOptions(config, 'sqs')),
          config.intakeQueueUrl,
        )
      : undefined,
    timeZone: config.timeZone,
    defaultCountry: config.defaultCountry,
    thresholds: config.thresholds,
    acceptTimeoutSeconds: config.acceptTimeoutSeconds,
    language: config.language,
    abcThresholds: config.abcThresholds,
    sla: config.slaQueueUrl
      ? createSqsSlaQueue(
          createSqsClient(awsClientOptions(config, 'sqs')),
          config.slaQueueUrl,
          runtime.now,
        )
      : undefined,
  };
};

export const composeApi = (config: Config, runtime: Runtime = systemRuntime) =>
  createApiApp(composeApiDeps(config, runtime));
