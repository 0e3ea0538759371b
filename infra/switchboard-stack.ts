import { join } from 'node:path';
import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  SecretValue,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  HttpMethods,
} from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { ENV } from '../shared/config';
import { EXPORTS_PREFIX } from '../shared/exports/s3-csv-exports';
import { CONSUMERS, QUEUES } from '../shared/queue/definitions';
import { TABLE } from '../shared/store/table';
import { QueueWithDlq } from './constructs/queue-with-dlq';
import { READ_WRITE, SwitchboardFunction } from './constructs/switchboard-function';
import { addAlarms } from './stack/alarms';
import { addPublicApi, DEFAULT_ROUTE_THROTTLES, type RouteThrottles } from './stack/public-api';

/**
 * Concurrency reserved for the HTTP functions: also their cap, so a flood on ingest takes at
 * most this many of the account's executions and the router, sla, notify and deliver keep the
 * rest. AWS keeps 100 unreserved; an account below 1000 (new accounts may start at 10) passes
 * 0 to reserve nothing.
 */
export const DEFAULT_RESERVED_CONCURRENCY = { ingest: 100, api: 20 } as const;

export type SwitchboardStackProps = StackProps & {
  /** Non-secret configuration for every function (TIME_ZONE, DEFAULT_COUNTRY, thresholds…). */
  readonly settings?: Readonly<Record<string, string>>;
  /** Where alarms are e-mailed; none by default (subscribe to the topic yourself). */
  readonly alarmEmail?: string;
  /** Per route family; unset families keep DEFAULT_ROUTE_THROTTLES. */
  readonly throttles?: Partial<RouteThrottles>;
  /**
   * Moving from the single secret of earlier versions (docs/security.md): while true, ingest,
   * notify and deliver also read the old secret (`Secrets`), each still taking only its own
   * names from it, so nothing stops working between the deploy and the copy.
   */
  readonly secretsMigration?: boolean;
  /** Reserved concurrency of ingest and api; 0 reserves none. */
  readonly reservedConcurrency?: { readonly ingest?: number; readonly api?: number };
};

const functionsDir = join(import.meta.dirname, '..', 'functions');

/**
 * switchboard in one stack: one DynamoDB table, four queues with their DLQs, six functions
 * (ingest, api, router on intake.fifo, sla on sla, notify on assignments, deliver on
 * deliveries), an HTTP API in front, alarms, one secret.
 */
export class SwitchboardStack extends Stack {
  constructor(scope: Construct, id: string, props: SwitchboardStackProps = {}) {
    super(scope, id, props);

    const alarms = new Topic(this, 'Alarms', {
      displayName: 'switchboard alarms',
      enforceSSL: true,
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });
    if (props.alarmEmail) alarms.addSubscription(new EmailSubscription(props.alarmEmail));

    const table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE.ttlAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: TABLE.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        ...(index.projection.type === 'INCLUDE'
          ? {
              projectionType: ProjectionType.INCLUDE,
              nonKeyAttributes: [...index.projection.attributes],
            }
          : { projectionType: ProjectionType[index.projection.type] }),
      })),
    });

    const queues = {
      intake: new QueueWithDlq(this, 'Intake', QUEUES.intake, alarms),
      assignments: new QueueWithDlq(this, 'Assignments', QUEUES.assignments, alarms),
      sla: new QueueWithDlq(this, 'Sla', QUEUES.sla, alarms),
      deliveries: new QueueWithDlq(this, 'Deliveries', QUEUES.deliveries, alarms),
    };

    // One secret per concern, each read only by the functions that need it (docs/security.md):
    // the api's admin key (the secret of earlier versions, so its generated key stays), the
    // inbound credentials (ingest; the api re-verifies held requests), the managers' bot.
    const apiSecret = new Secret(this, 'Secrets', {
      description: 'switchboard api secret as JSON: ADMIN_API_KEY (generated)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({}),
        generateStringKey: ENV.adminApiKey,
        excludePunctuation: true,
        passwordLength: 48,
      },
    });
    const ingestSecret = new Secret(this, 'IngestSecrets', {
      description:
        'switchboard inbound credentials as JSON, as you add them: TWILIO_AUTH_TOKEN, ZADARMA_API_SECRET, ZADARMA_WEBHOOK_TOKEN, MANGO_API_KEY, MANGO_API_SALT, GENERIC_TELEPHONY_SECRET, TELEGRAM_SECRET_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, VK_SECRET, VK_CONFIRMATION_CODE',
      secretStringValue: SecretValue.unsafePlainText('{}'),
    });
    const notifySecret = new Secret(this, 'NotifySecrets', {
      description:
        'switchboard managers’ bot as JSON, as you add it: NOTIFY_TELEGRAM_BOT_TOKEN, NOTIFY_TELEGRAM_SECRET_TOKEN',
      secretStringValue: SecretValue.unsafePlainText('{}'),
    });
    for (const secret of [apiSecret, ingestSecret, notifySecret]) {
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Holds provider-issued webhook secrets (Twilio, Zadarma, Mango, Meta, VK, the Telegram bot) that only the provider can rotate, or the bootstrap admin key, which operators replace with keys made by POST /v1/keys.',
      });
    }
    const legacy = props.secretsMigration ? [apiSecret] : [];
    const reserved = { ...DEFAULT_RESERVED_CONCURRENCY, ...props.reservedConcurrency };

    const indexes = TABLE.indexes.map((index) => index.name);
    const environment = { ...props.settings };
    const ingest = new SwitchboardFunction(this, 'Ingest', {
      entry: join(functionsDir, 'ingest', 'index.ts'),
      description: 'Inbound webhooks and forms: verify, normalize, queue',
      timeout: Duration.seconds(10),
      environment,
      secrets: [ingestSecret, ...legacy],
      reservedConcurrency: reserved.ingest,
    })
      // Reads sites; counts honeypot spam; holds what it cannot read (the quarantine).
      .useTable(table, ['GetItem', 'UpdateItem', 'PutItem'])
      .sendsTo(queues.intake.queue, ENV.intakeQueueUrl);

    const api = new SwitchboardFunction(this, 'ApiFn', {
      entry: join(functionsDir, 'api', 'index.ts'),
      description: 'The sales-head API: leads, calls, metrics, managers, sites, keys',
      timeout: Duration.seconds(15),
      environment,
      secrets: [apiSecret, ingestSecret, notifySecret],
      reservedConcurrency: reserved.api,
    })
      .useTable(table, READ_WRITE, { indexes })
      // A manager's update wakes the waiting lines.
      .sendsTo(queues.sla.queue, ENV.slaQueueUrl)
      // A reprocessed held request's events (POST /v1/quarantine/{id}/reprocess).
      .sendsTo(queues.intake.queue, ENV.intakeQueueUrl)
      // Accepts and closes are announced to the webhooks.
      .sendsTo(queues.assignments.queue, ENV.assignmentsQueueUrl);

    // CSV exports: an HTTP API answer cannot stream and is at most 6 MB, so the api writes an
    // export here and answers 303 to a presigned link (10 minutes). Private, encrypted, TLS only,
    // every object gone after a day.
    const exportsBucket = new Bucket(this, 'Exports', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [
        { expiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // The dashboard's fetch follows the 303 here: the presigned link is the credential, so any
      // origin may read what it holds a link to (a custom domain needs no change here).
      cors: [{ allowedMethods: [HttpMethods.GET], allowedOrigins: ['*'], maxAge: 600 }],
    });
    Validations.of(exportsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Short-lived CSV exports (one day), each written and read through presigned links by the api function, whose logs name every export; server access logs would add a second bucket for no reader.',
    });
    api.fn.addEnvironment(ENV.exportBucket, exportsBucket.bucketName);
    const exportObjects = exportsBucket.arnForObjects(`${EXPORTS_PREFIX}*`);
    api.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: [exportObjects],
      }),
    );
    const bucketId = this.getLogicalId(exportsBucket.node.defaultChild as CfnBucket);
    Validations.of(api).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${EXPORTS_PREFIX}*]`,
      reason:
        'Export objects get a new key each (exports/<id>/<name>.csv): the api may put and read objects under that prefix of its own bucket only.',
    });

    const router = new SwitchboardFunction(this, 'Router', {
      entry: join(functionsDir, 'router', 'index.ts'),
      description: 'intake.fifo consumer: contacts, leads, calls, routing',
      timeout: Duration.seconds(CONSUMERS.router.timeoutSeconds),
      environment,
    })
      .useTable(table, READ_WRITE, { indexes })
      .sendsTo(queues.assignments.queue, ENV.assignmentsQueueUrl)
      .sendsTo(queues.sla.queue, ENV.slaQueueUrl);
    router.fn.addEventSource(
      new SqsEventSource(queues.intake.queue, {
        batchSize: CONSUMERS.router.batchSize,
        reportBatchItemFailures: true,
      }),
    );

    const sla = new SwitchboardFunction(this, 'SlaFn', {
      entry: join(functionsDir, 'sla', 'index.ts'),
      description:
        'sla consumer: accept deadlines (reassign), waiting lines (offer at opening), call deadlines (close from the evidence)',
      timeout: Duration.seconds(CONSUMERS.sla.timeoutSeconds),
      environment,
    })
      .useTable(table, READ_WRITE, { indexes })
      .sendsTo(queues.assignments.queue, ENV.assignmentsQueueUrl)
      .sendsTo(queues.sla.queue, ENV.slaQueueUrl);
    sla.fn.addEventSource(
      new SqsEventSource(queues.sla.queue, {
        batchSize: CONSUMERS.sla.batchSize,
        reportBatchItemFailures: true,
      }),
    );

    const notify = new SwitchboardFunction(this, 'NotifyFn', {
      entry: join(functionsDir, 'notify', 'index.ts'),
      description: 'assignments consumer: each event fanned out into one delivery per destination',
      timeout: Duration.seconds(CONSUMERS.notify.timeoutSeconds),
      environment,
      secrets: [notifySecret, ...legacy],
    })
      // Reads leads, contacts, managers, calls and webhooks; writes nothing.
      .useTable(table, ['GetItem', 'Query'])
      .sendsTo(queues.deliveries.queue, ENV.deliveriesQueueUrl);
    notify.fn.addEventSource(
      new SqsEventSource(queues.assignments.queue, {
        batchSize: CONSUMERS.notify.batchSize,
        reportBatchItemFailures: true,
      }),
    );

    const deliver = new SwitchboardFunction(this, 'DeliverFn', {
      entry: join(functionsDir, 'deliver', 'index.ts'),
      description:
        'deliveries consumer: one attempt per message (Telegram, webhooks, Bitrix24), retries as delayed messages',
      timeout: Duration.seconds(CONSUMERS.deliver.timeoutSeconds),
      environment,
      secrets: [notifySecret, ...legacy],
    })
      // Webhooks (read), delivery records, rate-limit counters, Bitrix24 lead ids (read/write).
      .useTable(table, ['GetItem', 'UpdateItem'])
      .sendsTo(queues.deliveries.queue, ENV.deliveriesQueueUrl);
    // Exhausted deliveries are put in the DLQ by the function itself.
    queues.deliveries.dlq.grantSendMessages(deliver.fn);
    deliver.fn.addEventSource(
      new SqsEventSource(queues.deliveries.queue, {
        batchSize: CONSUMERS.deliver.batchSize,
        reportBatchItemFailures: true,
      }),
    );
    const throttles = { ...DEFAULT_ROUTE_THROTTLES, ...props.throttles };
    const { httpApi, stage } = addPublicApi(this, { ingest: ingest.fn, api: api.fn, throttles });
    addAlarms(this, {
      topic: alarms,
      functions: [ingest, api, router, sla, notify, deliver],
      ingest,
      deliver,
      httpApi,
      queues,
    });

    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'SecretArn', { value: apiSecret.secretArn });
    new CfnOutput(this, 'IngestSecretArn', { value: ingestSecret.secretArn });
    new CfnOutput(this, 'NotifySecretArn', { value: notifySecret.secretArn });
    new CfnOutput(this, 'AssignmentsQueueUrl', { value: queues.assignments.queue.queueUrl });
    for (const [name, q] of Object.entries(queues)) {
      new CfnOutput(this, `${name}DlqUrl`, { value: q.dlq.queueUrl });
    }
  }
}
