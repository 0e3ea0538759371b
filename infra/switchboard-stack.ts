import { join } from 'node:path';
import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { ComparisonOperator, Metric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import {
  AttributeType,
  Billing,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { FilterPattern, LogGroup, MetricFilter, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { ENV } from '../shared/config';
import { INGEST_PREFIXES } from '../shared/http/routes';
import { METRICS } from '../shared/metrics';
import { CONSUMERS, QUEUES } from '../shared/queue/definitions';
import { TABLE } from '../shared/store/table';
import { QueueWithDlq } from './constructs/queue-with-dlq';
import { READ_WRITE, SwitchboardFunction } from './constructs/switchboard-function';

export type SwitchboardStackProps = StackProps & {
  /** Non-secret configuration for every function (TIME_ZONE, DEFAULT_COUNTRY, thresholds…). */
  readonly settings?: Readonly<Record<string, string>>;
  /** Where alarms are e-mailed; none by default (subscribe to the topic yourself). */
  readonly alarmEmail?: string;
  /** Steady-state requests per second the HTTP API lets through, and its burst. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
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

    const secrets = new Secret(this, 'Secrets', {
      description:
        'switchboard secrets as JSON: ADMIN_API_KEY (generated), and the provider and messenger credentials you add (TWILIO_AUTH_TOKEN, …, NOTIFY_TELEGRAM_BOT_TOKEN, NOTIFY_TELEGRAM_SECRET_TOKEN)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({}),
        generateStringKey: ENV.adminApiKey,
        excludePunctuation: true,
        passwordLength: 48,
      },
    });
    Validations.of(secrets).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Holds provider-issued webhook secrets (Twilio, Zadarma, Mango, Meta, VK) that only the provider can rotate, and the bootstrap admin key, which operators replace with keys made by POST /v1/keys.',
    });

    const indexes = TABLE.indexes.map((index) => index.name);
    const environment = { ...props.settings };
    const ingest = new SwitchboardFunction(this, 'Ingest', {
      entry: join(functionsDir, 'ingest', 'index.ts'),
      description: 'Inbound webhooks and forms: verify, normalize, queue',
      timeout: Duration.seconds(10),
      environment,
      secrets,
    })
      // Reads sites; counts honeypot spam; holds what it cannot read (the quarantine).
      .useTable(table, ['GetItem', 'UpdateItem', 'PutItem'])
      .sendsTo(queues.intake.queue, ENV.intakeQueueUrl);

    const api = new SwitchboardFunction(this, 'ApiFn', {
      entry: join(functionsDir, 'api', 'index.ts'),
      description: 'The sales-head API: leads, calls, metrics, managers, sites, keys',
      timeout: Duration.seconds(15),
      environment,
      secrets,
    })
      .useTable(table, READ_WRITE, { indexes })
      // A manager's update wakes the waiting lines.
      .sendsTo(queues.sla.queue, ENV.slaQueueUrl)
      // A reprocessed held request's events (POST /v1/quarantine/{id}/reprocess).
      .sendsTo(queues.intake.queue, ENV.intakeQueueUrl)
      // Accepts and closes are announced to the webhooks.
      .sendsTo(queues.assignments.queue, ENV.assignmentsQueueUrl);

    const router = new SwitchboardFunction(this, 'Router', {
      entry: join(functionsDir, 'router', 'index.ts'),
      description: 'intake.fifo consumer: contacts, leads, calls, routing',
      timeout: Duration.seconds(CONSUMERS.router.timeoutSeconds),
      environment,
      secrets,
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
      secrets,
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
      secrets,
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
      secrets,
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
    // A destination failing again and again (its retries are on their way; the DLQ alarm comes
    // only after a day): the operator hears of it while there is time to fix it.
    const failedAttempts = new MetricFilter(this, 'FailedDeliveryAttempts', {
      logGroup: deliver.logGroup,
      filterPattern: FilterPattern.stringValue('$.message', '=', 'delivery attempt failed'),
      metricNamespace: 'switchboard',
      metricName: 'FailedDeliveryAttempts',
      metricValue: '1',
      defaultValue: 0,
    });
    failedAttempts
      .metric({ period: Duration.minutes(15), statistic: Stats.SUM })
      .createAlarm(this, 'DeliveryFailures', {
        alarmDescription:
          'Deliveries to Telegram, a webhook or Bitrix24 keep failing (GET /v1/webhooks/{name}/deliveries shows which); they are retried for 25 h, then dead-lettered',
        threshold: 10,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
      .addAlarmAction(new SnsAction(alarms));

    for (const fn of [ingest, api, router, sla, notify, deliver]) {
      fn.fn
        .metricErrors({ period: Duration.minutes(5) })
        .createAlarm(fn, 'Errors', {
          alarmDescription: `${fn.node.id} threw errors: see its log group`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        })
        .addAlarmAction(new SnsAction(alarms));
    }

    // Anything held in the quarantine (spam apart): an authenticated request the parsers could
    // not read. See GET /v1/quarantine; after a fix, npm run reprocess-quarantine -- --aws.
    new Metric({
      namespace: METRICS.namespace,
      metricName: METRICS.held,
      dimensionsMap: { service: METRICS.service },
      statistic: 'Sum',
      period: Duration.minutes(5),
    })
      .createAlarm(this, 'HeldRequests', {
        alarmDescription:
          'Requests were held in the quarantine: authenticated, but not readable as events. GET /v1/quarantine says why; after a parser fix, npm run reprocess-quarantine -- --aws',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
      .addAlarmAction(new SnsAction(alarms));

    const httpApi = new HttpApi(this, 'Api', {
      description: 'switchboard',
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('ApiIntegration', api.fn),
    });
    const ingestIntegration = new HttpLambdaIntegration('IngestIntegration', ingest.fn);
    for (const prefix of INGEST_PREFIXES) {
      httpApi.addRoutes({
        path: `${prefix}/{proxy+}`,
        methods: [HttpMethod.ANY],
        integration: ingestIntegration,
      });
    }
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = new HttpStage(this, 'Stage', {
      httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No query strings: site tokens may travel there.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    // A backstop over all instances: forms are the route bots go for. The per-address and
    // per-site limits are counted in the ingest function (HTTP APIs cannot throttle per key).
    (stage.node.defaultChild as CfnStage).addPropertyOverride('RouteSettings', {
      'ANY /v1/forms/{proxy+}': { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    Validations.of(httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Every route authenticates in the function: API keys (hashed, revocable) for the API; the provider signature, messenger secret or site origin/token for inbound webhooks, which providers cannot send IAM or JWT credentials for.',
    });

    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'SecretArn', { value: secrets.secretArn });
    new CfnOutput(this, 'AssignmentsQueueUrl', { value: queues.assignments.queue.queueUrl });
    for (const [name, q] of Object.entries(queues)) {
      new CfnOutput(this, `${name}DlqUrl`, { value: q.dlq.queueUrl });
    }
  }
}
