import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { awsClientOptions, type Config } from '../../shared/config';
import { TEXTS } from '../../shared/domain/notify/texts';
import { createS3CsvExports, exportsOrigin } from '../../shared/exports/s3-csv-exports';
import { telegramBotOf } from '../../shared/notify/telegram-bot-api';
import { createSqsClient } from '../../shared/queue/client';
import { createSqsAssignmentQueue } from '../../shared/queue/sqs-assignment-queue';
import { createSqsIntakeQueue } from '../../shared/queue/sqs-intake-queue';
import { createSqsSlaQueue } from '../../shared/queue/sqs-sla-queue';
import { type Runtime, systemRuntime } from '../../shared/runtime';
import { createDocumentClient } from '../../shared/store/client';
import { createStores } from '../../shared/store/stores';
import { createApiApp } from './app';
import type { ApiDeps } from './deps';

export const composeApiDeps = (config: Config, runtime: Runtime = systemRuntime): ApiDeps => {
  const stores = createStores(createDocumentClient(awsClientOptions(config, 'dynamodb')), config);
  const sqs = createSqsClient(awsClientOptions(config, 'sqs'));
  // A tap's answer and edit must fit in the api function's 15 s.
  const bot = telegramBotOf(config, 5_000);
  return {
    ...stores,
    now: runtime.now,
    newId: runtime.newId,
    adminApiKey: config.adminApiKey,
    secret: config.secret,
    telephonyMaxEventAgeSeconds: config.telephonyMaxEventAgeSeconds,
    intake: config.intakeQueueUrl ? createSqsIntakeQueue(sqs, config.intakeQueueUrl) : undefined,
    timeZone: config.timeZone,
    defaultCountry: config.defaultCountry,
    thresholds: config.thresholds,
    acceptTimeoutSeconds: config.acceptTimeoutSeconds,
    language: config.language,
    abcThresholds: config.abcThresholds,
    sla: config.slaQueueUrl ? createSqsSlaQueue(sqs, config.slaQueueUrl, runtime.now) : undefined,
    assignments: config.assignmentsQueueUrl
      ? createSqsAssignmentQueue(sqs, config.assignmentsQueueUrl)
      : undefined,
    notifyTelegram: bot ? { bot, secretToken: config.notifyTelegram.secretToken } : undefined,
    texts: TEXTS[config.language],
    csvExports: config.exportBucket
      ? createS3CsvExports(
          {
            endpoint: exportsOrigin(config.exportBucket, config.awsRegion, config.endpoints.s3),
            bucket: config.exportBucket,
            region: config.awsRegion ?? 'us-east-1',
            pathStyle: config.endpoints.s3 !== undefined,
            // The SDK clients' own chain (in a Lambda bundle: the environment's credentials,
            // infra/lambda-aliases/credential-provider-node.ts); a local endpoint takes any.
            credentials: config.endpoints.s3
              ? async () => ({ accessKeyId: 'local', secretAccessKey: 'local' })
              : defaultProvider(),
          },
          {
            newId: runtime.newId,
            origin: exportsOrigin(config.exportBucket, config.awsRegion, config.endpoints.s3),
          },
        )
      : undefined,
  };
};

export const composeApi = (config: Config, runtime: Runtime = systemRuntime) =>
  createApiApp(composeApiDeps(config, runtime));
