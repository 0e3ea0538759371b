import { readFileSync } from 'node:fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app';
import { METRICS } from '../../shared/metrics';
import { CONSUMERS, QUEUES } from '../../shared/queue/definitions';
import { TABLE } from '../../shared/store/table';

/**
 * A policy resource as text: a literal ARN as it is, Fn::Join of its parts, other intrinsics
 * (Ref, Fn::GetAtt of a resource made in the stack) as a placeholder. A `*` anywhere in it is a
 * wildcard (`arn:…:table/x/index/*`, `*`).
 */
const arnText = (resource: unknown): string => {
  if (typeof resource === 'string') return resource;
  if (resource && typeof resource === 'object' && 'Fn::Join' in resource) {
    const [separator, parts] = resource['Fn::Join'] as [string, unknown[]];
    return parts.map(arnText).join(separator);
  }
  return `{${JSON.stringify(resource)}}`;
};

describe('the CDK stack', () => {
  let template: Template;
  const has = (type: string, properties: Record<string, unknown>) =>
    expect(() => template.hasResourceProperties(type, properties)).not.toThrow();

  beforeAll(() => {
    // Bundling is exercised by `npm run synth`; here it is skipped to keep the test fast.
    const { stack } = buildApp({
      context: { 'aws:cdk:bundling-stacks': [], timeZone: 'Europe/Moscow' },
    });
    template = Template.fromStack(stack);
  });

  it('has one on-demand table with point-in-time recovery, encryption, TTL and the shared keys', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    has('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE.indexes.map((index) =>
        Match.objectLike({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection:
            index.projection.type === 'INCLUDE'
              ? {
                  ProjectionType: 'INCLUDE',
                  NonKeyAttributes: [...index.projection.attributes],
                }
              : { ProjectionType: index.projection.type },
        }),
      ),
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      SSESpecification: { SSEEnabled: true },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
  });

  it('has the four queues and their DLQs, as the shared definitions say', () => {
    template.resourceCountIs('AWS::SQS::Queue', 8);
    for (const queue of Object.values(QUEUES)) {
      has('AWS::SQS::Queue', {
        VisibilityTimeout: queue.visibilityTimeoutSeconds,
        ...(queue.fifo ? { FifoQueue: true, ContentBasedDeduplication: false } : {}),
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          maxReceiveCount: queue.dlq.maxReceiveCount,
          deadLetterTargetArn: Match.anyValue(),
        },
      });
    }
  });

  it('alarms when anything lands in a DLQ', () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 },
    });
    expect(Object.keys(alarms)).toHaveLength(4);
  });

  it('alarms when delivery attempts keep failing, from the deliver function’s logs', () => {
    has('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.message = "delivery attempt failed" }',
      MetricTransformations: [
        Match.objectLike({ MetricName: 'FailedDeliveryAttempts', MetricNamespace: 'switchboard' }),
      ],
    });
    has('AWS::CloudWatch::Alarm', {
      MetricName: 'FailedDeliveryAttempts',
      Namespace: 'switchboard',
      Statistic: 'Sum',
      AlarmActions: [Match.anyValue()],
    });
  });

  it('lets the deliver function put exhausted deliveries in its DLQ and nothing else beyond its queue', () => {
    const deliver = Object.entries(template.findResources('AWS::Lambda::Function')).find(([, fn]) =>
      String(fn.Properties.Description).startsWith('deliveries consumer'),
    );
    expect(deliver?.[1].Properties.Environment.Variables).toMatchObject({
      DELIVERIES_QUEUE_URL: expect.anything(),
      TABLE_NAME: expect.anything(),
    });
    expect(deliver?.[1].Properties.Environment.Variables).not.toHaveProperty(
      'ASSIGNMENTS_QUEUE_URL',
    );
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('DeliveriesDlq');
  });

  it('alarms, through the alarms topic, as soon as one request is held in the quarantine within 5 minutes', () => {
    has('AWS::CloudWatch::Alarm', {
      Namespace: METRICS.namespace,
      MetricName: METRICS.held,
      Dimensions: [{ Name: 'service', Value: METRICS.service }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [Match.objectLike({ Ref: Match.stringLikeRegexp('^Alarms') })],
    });
  });

  it('lets ingest hold requests (PutItem) and the api queue a reprocessed request’s events', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).map((policy) =>
      JSON.stringify(policy),
    );
    const ingest = policies.find((p) => p.includes('Ingest') && p.includes('dynamodb:'));
    expect(ingest).toContain('dynamodb:PutItem');
    const api = policies.filter((p) => p.includes('ApiFn') && p.includes('sqs:SendMessage'));
    expect(JSON.stringify(api)).toContain('Intake');
  });

  it('runs every function on Node.js 24, arm64, with JSON logs', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    expect(Object.keys(functions)).toHaveLength(6);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        LoggingConfig: { LogFormat: 'JSON' },
      });
    }
  });

  it('feeds each queue to its function (intake.fifo → router, sla → sla, assignments → notify, deliveries → deliver), with partial batch failures', () => {
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping');
    expect(Object.keys(mappings)).toHaveLength(4);
    for (const consumer of Object.values(CONSUMERS)) {
      has('AWS::Lambda::EventSourceMapping', {
        BatchSize: consumer.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
  });

  it('routes the inbound prefixes to ingest and everything else to the api function', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties.RouteKey,
    );
    expect(routes.sort()).toEqual([
      '$default',
      'ANY /v1/forms/{proxy+}',
      'ANY /v1/messengers/{proxy+}',
      'ANY /v1/telephony/{proxy+}',
    ]);
    has('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: Match.anyValue() }),
    });
  });

  it('grants no wildcard resources and keeps secrets out of the environment', () => {
    const statements = [
      ...Object.values(template.findResources('AWS::IAM::Policy')).map(
        (policy) => policy.Properties.PolicyDocument,
      ),
      ...Object.values(template.findResources('AWS::IAM::ManagedPolicy')).map(
        (policy) => policy.Properties.PolicyDocument,
      ),
      ...Object.values(template.findResources('AWS::IAM::Role')).flatMap((role) =>
        (role.Properties.Policies ?? []).map(
          (policy: { PolicyDocument: unknown }) => policy.PolicyDocument,
        ),
      ),
    ].flatMap((document) => document.Statement as { Resource?: unknown; NotResource?: unknown }[]);
    const resources = statements.flatMap((statement) => [statement.Resource].flat());

    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((statement) => statement.NotResource !== undefined)).toEqual([]);
    expect(resources.filter((resource) => resource === undefined)).toEqual([]);
    expect(resources.map(arnText).filter((arn) => arn.includes('*'))).toEqual([]);
    const environments = JSON.stringify(
      Object.values(template.findResources('AWS::Lambda::Function')).map(
        (fn) => fn.Properties.Environment,
      ),
    );
    expect(environments).toContain('SECRETS_ARN');
    expect(environments).toContain('Europe/Moscow');
    expect(environments).not.toMatch(/ADMIN_API_KEY|TOKEN|SECRET"/);
  });
});

describe('the wildcard check', () => {
  it.each([
    ['*', true],
    ['arn:aws:sqs:eu-west-1:123456789012:*', true],
    [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Table', 'Arn'] }, '/index/*']] }, true],
    [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Table', 'Arn'] }, '/index/gsi1']] }, false],
    [{ 'Fn::GetAtt': ['Queue', 'Arn'] }, false],
  ])('reads %j as a wildcard: %s', (resource, wildcard) => {
    expect(arnText(resource).includes('*')).toBe(wildcard);
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  it('reports no unacknowledged error', () => {
    const { app } = buildApp({ context: { 'aws:cdk:bundling-stacks': [] } });

    const assembly = app.synth(); // throws when a validation plugin reports an error

    const report = JSON.parse(readFileSync(`${assembly.directory}/validation-report.json`, 'utf8'));
    expect(report.pluginReports ?? []).toEqual([]);
  });

  it('does catch a violation (so the check above means something)', () => {
    const { app, stack } = buildApp({ context: { 'aws:cdk:bundling-stacks': [] } });
    new Queue(stack, 'Careless', { encryption: QueueEncryption.UNENCRYPTED });

    expect(() => app.synth()).toThrowError(/AwsSolutions-SQS/);
  });
});
