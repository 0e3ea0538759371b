/**
 * Reprocesses every held request (the quarantine) with today's parsers, locally or in AWS (the
 * same use case as POST /v1/quarantine/{id}/reprocess): run it after deploying a parser fix.
 *
 *   npm run reprocess-quarantine                          # npm start's local servers
 *   npm run reprocess-quarantine -- --aws --table <TableName> --secret-arn <IngestSecretArn>
 *                                                         # the deployed stack (the stack's
 *                                                         # outputs; AWS credentials and region
 *                                                         # from the usual env/profile)
 *   options: --prefix Switchboard-   (AWS queue names: <stack>-<name>; the default with --aws)
 *            --dynamodb-endpoint URL --sqs-endpoint URL --table NAME   (other local servers)
 *
 * Channel secrets come from the environment locally (as npm start reads them), from the stack's
 * secret in AWS. What is still unreadable stays held with its new reason; running it again
 * tries those again, and finds nothing else to do.
 */
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { INGEST_SECRET_NAMES } from '../shared/channels/secret-names';
import { awsClientOptions, ENV, loadConfig } from '../shared/config';
import { createSqsClient } from '../shared/queue/client';
import { QUEUES } from '../shared/queue/definitions';
import { createSqsIntakeQueue } from '../shared/queue/sqs-intake-queue';
import { withSecrets } from '../shared/secrets';
import { createDocumentClient } from '../shared/store/client';
import { createStores } from '../shared/store/stores';
import { TABLE } from '../shared/store/table';
import { reprocessAllHeld } from '../shared/usecases/reprocess-held';
import { LOCAL_REGION } from './local-aws';

const option = (name: string): string | undefined => {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};

const main = async () => {
  const aws = process.argv.includes('--aws');
  const table = option('table') ?? (aws ? process.env[ENV.tableName] : TABLE.localName);
  if (!table) {
    console.error(
      'usage: npm run reprocess-quarantine -- --aws --table <TableName output> [--secret-arn <IngestSecretArn output>] [--prefix P]',
    );
    process.exit(2);
  }
  const local = (name: string, port: string | undefined, fallback: number) =>
    option(name) ?? (aws ? undefined : `http://127.0.0.1:${port ?? fallback}`);
  // The inbound credentials re-verify each held request: the ingest secret (IngestSecretArn).
  const env = await withSecrets(
    {
      ...process.env,
      [ENV.secretsArn]: aws ? (option('secret-arn') ?? process.env[ENV.secretsArn]) : undefined,
    },
    INGEST_SECRET_NAMES,
  );
  const dynamodb = local('dynamodb-endpoint', process.env.DYNAMODB_PORT, 8000);
  const sqsEndpoint = local('sqs-endpoint', process.env.SQS_PORT, 9324);
  const config = loadConfig({
    ...env,
    [ENV.tableName]: table,
    ...(dynamodb ? { [ENV.dynamoEndpointUrl]: dynamodb } : {}),
    ...(sqsEndpoint ? { [ENV.sqsEndpointUrl]: sqsEndpoint } : {}),
    ...(aws ? {} : { [ENV.awsRegion]: LOCAL_REGION }),
  });
  const sqs = createSqsClient(awsClientOptions(config, 'sqs'));
  const db = createDocumentClient(awsClientOptions(config, 'dynamodb'));
  const prefix = option('prefix') ?? (aws ? 'Switchboard-' : '');
  const { QueueUrl } = await sqs.send(
    new GetQueueUrlCommand({ QueueName: `${prefix}${QUEUES.intake.name}` }),
  );
  const stores = createStores(db, config);

  const result = await reprocessAllHeld(
    {
      quarantine: stores.quarantine,
      sites: stores.sites,
      intake: createSqsIntakeQueue(sqs, QueueUrl ?? ''),
      secret: config.secret,
      telephonyMaxEventAgeSeconds: config.telephonyMaxEventAgeSeconds,
      defaultCountry: config.defaultCountry,
      timeZone: config.timeZone,
      now: () => new Date(),
    },
    (id, outcome) => {
      if (outcome.outcome === 'reprocessed') {
        console.log(`${id} reprocessed: ${outcome.eventIds.length} event(s)`);
      } else if (outcome.outcome === 'still_held') {
        console.log(`${id} still held: ${outcome.reason}`);
      }
    },
  );
  console.log(
    `reprocessed ${result.reprocessed} held request(s) into ${result.events} event(s); ${result.stillHeld} still held; ${result.failed} failed`,
  );
  if (result.firstError) console.error(`first failure: ${result.firstError}`);
  sqs.destroy();
  db.destroy();
  if (result.failed > 0) process.exit(1);
};

main().catch((error) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exit(1);
});
