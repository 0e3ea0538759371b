import {
  createLiteDynamo,
  createLiteIntakeQueue,
  createLiteSqs,
} from '../../shared/aws/lite-clients';
import { createLiteItems } from '../../shared/aws/lite-items';
import { type Config, required } from '../../shared/config';
import { createEmfHeldMetrics } from '../../shared/metrics';
import { type Runtime, systemRuntime } from '../../shared/runtime';
import { createQuarantineItemStore } from '../../shared/store/quarantine-items';
import { createSiteItemStore } from '../../shared/store/site-items';
import { createIngestApp } from './app';
import type { IngestDeps } from './deps';

/**
 * Ingest alone talks to AWS through the light JSON client (shared/aws), not the SDK: its calls
 * are one SendMessage, a site's GetItem, the spam counter's UpdateItem and a held request's
 * PutItem, and the SDK's clients were most of its cold start (docs/architecture.md).
 */
export const composeIngestDeps = (config: Config, runtime: Runtime = systemRuntime): IngestDeps => {
  const items = createLiteItems(createLiteDynamo(config));
  const table = required(config.tableName, 'TABLE_NAME');
  return {
    intake: createLiteIntakeQueue(
      createLiteSqs(config),
      required(config.intakeQueueUrl, 'INTAKE_QUEUE_URL'),
      { endpointConfigured: config.endpoints.sqs !== undefined },
    ),
    sites: createSiteItemStore(items, table),
    quarantine: createQuarantineItemStore(items, table),
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
