import { awsClientOptions, type Config, required } from '../../shared/config';
import { createEmfHeldMetrics } from '../../shared/metrics';
import { createSqsClient } from '../../shared/queue/client';
import { createSqsIntakeQueue } from '../../shared/queue/sqs-intake-queue';
import { type Runtime, systemRuntime } from '../../shared/runtime';
import { createDocumentClient } from '../../shared/store/client';
import { createDynamoQuarantineStore } from '../../shared/store/dynamo-quarantine-store';
import { createDynamoSiteStore } from '../../shared/store/dynamo-site-store';
import { createIngestApp } from './app';
import type { IngestDeps } from './deps';

export const composeIngestDeps = (config: Config, runtime: Runtime = systemRuntime): IngestDeps => {
  const db = createDocumentClient(awsClientOptions(config, 'dynamodb'));
  const table = required(config.tableName, 'TABLE_NAME');
  return {
    intake: createSqsIntakeQueue(
      createSqsClient(awsClientOptions(config, 'sqs')),
      required(config.intakeQueueUrl, 'INTAKE_QUEUE_URL'),
    ),
    sites: createDynamoSiteStore(db, table),
    quarantine: createDynamoQuarantineStore(db, table),
    metrics: createEmfHeldMetrics(),
    now: runtime.now,
    defaultCountry: config.defaultCountry,
    timeZone: config.timeZone,
    publicBaseUrl: config.publicBaseUrl,
    secret: config.secret,
    telephonyMaxEventAgeSeconds: config.telephonyMaxEventAgeSeconds,
    rateLimits: config.rateLimits,
  };
};

export const composeIngest = (config: Config, runtime: Runtime = systemRuntime) =>
  createIngestApp(composeIngestDeps(config, runtime));
