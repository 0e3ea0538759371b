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
  const exportsBucketId = () =>
    Object.keys(template.findResources('AWS::S3::Bucket')).find((id) => id.startsWith('Exports')) ??
    'none';
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

  it('routes each inbound family to ingest, the bot’s webhook to the api, everything else to the api', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties.RouteKey,
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        '$default',
        'POST /v1/forms/{proxy+}',
        'OPTIONS /v1/forms/{proxy+}',
        'ANY /v1/telephony/zadarma',
        'ANY /v1/telephony/zadarma/{proxy+}',
        'ANY /v1/telephony/twilio/{proxy+}',
        'ANY /v1/telephony/mango/{proxy+}',
        'ANY /v1/telephony/generic',
        'ANY /v1/telephony/{proxy+}',
        'ANY /v1/messengers/telegram',
        'ANY /v1/messengers/whatsapp',
        'ANY /v1/messengers/vk',
        'ANY /v1/messengers/{proxy+}',
        'POST /v1/notify/telegram',
      ]),
    );
    has('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('gives each public route family its own throttle, sized for its senders', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    const settings = stage?.Properties.RouteSettings as Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    >;
    const limit = (key: string) => [
      settings[key]?.ThrottlingRateLimit,
      settings[key]?.ThrottlingBurstLimit,
    ];

    expect(stage?.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: 50,
      ThrottlingBurstLimit: 100,
    });
    expect(limit('POST /v1/forms/{proxy+}')).toEqual([50, 100]);
    expect(limit('OPTIONS /v1/forms/{proxy+}')).toEqual([50, 100]);
    for (const provider of ['twilio', 'zadarma', 'mango', 'generic']) {
      expect(limit(`ANY /v1/telephony/${provider}`)).toEqual([100, 200]);
      expect(limit(`ANY /v1/telephony/${provider}/{proxy+}`)).toEqual([100, 200]);
    }
    for (const channel of ['telegram', 'whatsapp', 'vk']) {
      expect(limit(`ANY /v1/messengers/${channel}/{proxy+}`)).toEqual([50, 100]);
    }
    expect(limit('ANY /v1/telephony/{proxy+}')).toEqual([5, 10]);
    expect(limit('POST /v1/notify/telegram')).toEqual([20, 40]);
    // Every route but $default has a bucket of its own.
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
      .map((route) => route.Properties.RouteKey)
      .filter((key) => key !== '$default');
    expect(Object.keys(settings).sort()).toEqual(routes.sort());
  });

  it('reserves concurrency for ingest (its cap) and the api, leaving the consumers the rest', () => {
    const byDescription = (start: string) =>
      Object.values(template.findResources('AWS::Lambda::Function')).find((fn) =>
        String(fn.Properties.Description).startsWith(start),
      )?.Properties;

    expect(byDescription('Inbound webhooks')?.ReservedConcurrentExecutions).toBe(100);
    expect(byDescription('The sales-head API')?.ReservedConcurrentExecutions).toBe(20);
    expect(byDescription('intake.fifo consumer')?.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('reserves nothing when the account is too small for it (0)', () => {
    const { stack } = buildApp({
      context: { 'aws:cdk:bundling-stacks': [], ingestConcurrency: 0, apiConcurrency: 0 },
    });
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    expect(
      Object.values(functions).filter((fn) => fn.Properties.ReservedConcurrentExecutions),
    ).toEqual([]);
  });

  it('alarms on API 5xx answers and on a burst of refused inbound requests', () => {
    has('AWS::CloudWatch::Alarm', {
      MetricName: '5xx',
      Namespace: 'AWS/ApiGateway',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 5,
      AlarmActions: [Match.objectLike({ Ref: Match.stringLikeRegexp('^Alarms') })],
    });
    has('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.message = "inbound refused" }',
      MetricTransformations: [
        Match.objectLike({ MetricName: METRICS.refused, MetricNamespace: METRICS.namespace }),
      ],
    });
    has('AWS::CloudWatch::Alarm', {
      MetricName: METRICS.refused,
      Namespace: METRICS.namespace,
      Statistic: 'Sum',
      Threshold: 20,
      AlarmActions: [Match.objectLike({ Ref: Match.stringLikeRegexp('^Alarms') })],
    });
  });

  it('alarms on the age of every queue’s oldest message, with a threshold per queue', () => {
    const alarms = Object.values(
      template.findResources('AWS::CloudWatch::Alarm', {
        Properties: { MetricName: 'ApproximateAgeOfOldestMessage' },
      }),
    );
    expect(alarms.map((alarm) => alarm.Properties.Threshold).sort((a, b) => a - b)).toEqual([
      300, 600, 1_200, 1_500,
    ]);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([
        expect.objectContaining({ Ref: expect.stringMatching(/^Alarms/) }),
      ]);
    }
  });

  it('gives each function only the secrets it needs: none to the router and sla, no admin key to ingest', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const secretsOf = (start: string) => {
      const fn = functions.find((f) => String(f.Properties.Description).startsWith(start));
      return JSON.stringify(fn?.Properties.Environment.Variables.SECRETS_ARN ?? null);
    };
    const refOf = (id: string) =>
      Object.keys(template.findResources('AWS::SecretsManager::Secret')).find((key) =>
        key.startsWith(id),
      ) ?? id;
    const [admin, inbound, bot] = [
      refOf('Secrets'),
      refOf('IngestSecrets'),
      refOf('NotifySecrets'),
    ];

    expect(Object.keys(template.findResources('AWS::SecretsManager::Secret'))).toHaveLength(3);
    expect(secretsOf('intake.fifo consumer')).toBe('null');
    expect(secretsOf('sla consumer')).toBe('null');
    expect(secretsOf('Inbound webhooks')).toContain(inbound);
    expect(secretsOf('Inbound webhooks')).not.toContain(`"${admin}"`);
    expect(secretsOf('Inbound webhooks')).not.toContain(bot);
    expect(secretsOf('The sales-head API')).toContain(`"${admin}"`);
    expect(secretsOf('assignments consumer')).toBe(JSON.stringify({ Ref: bot }));
    expect(secretsOf('deliveries consumer')).toBe(JSON.stringify({ Ref: bot }));
  });

  it('keeps CSV exports in a private, encrypted, TLS-only bucket that forgets them after a day, written and read by the api only', () => {
    has('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 1, Status: 'Enabled' })]),
      },
    });
    has('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      }),
    });
    const api = Object.values(template.findResources('AWS::Lambda::Function')).find((fn) =>
      String(fn.Properties.Description).startsWith('The sales-head API'),
    );
    expect(api?.Properties.Environment.Variables.EXPORT_BUCKET).toEqual({ Ref: exportsBucketId() });
    const s3Grants = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([, p]) =>
      JSON.stringify(p).includes('s3:PutObject'),
    );
    expect(s3Grants.map(([id]) => id.replace(/Role.*/, ''))).toEqual(['ApiFn']);
  });

  it('lets ingest, notify and deliver read the old single secret too while secrets are migrated', () => {
    const { stack } = buildApp({
      context: { 'aws:cdk:bundling-stacks': [], secretsMigration: 'true' },
    });
    const migrating = Template.fromStack(stack);
    const admin = Object.keys(migrating.findResources('AWS::SecretsManager::Secret')).find((id) =>
      id.startsWith('Secrets'),
    );
    const readers = Object.values(migrating.findResources('AWS::Lambda::Function'))
      .filter((fn) =>
        JSON.stringify(fn.Properties.Environment.Variables.SECRETS_ARN ?? '').includes(
          `"${admin}"`,
        ),
      )
      .map((fn) => String(fn.Properties.Description).split(' ')[0])
      .sort();

    expect(readers).toEqual(['Inbound', 'The', 'assignments', 'deliveries']);
  });

  it('grants each function exactly the DynamoDB actions its stores use', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy'));
    const actionsOf = (role: string) =>
      policies
        .filter(([id]) => id.startsWith(role))
        .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement)
        .flatMap((statement: { Action: string | string[] }) => [statement.Action].flat())
        .filter((action: string) => action.startsWith('dynamodb:'))
        .sort();

    expect(actionsOf('Ingest')).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    expect(actionsOf('NotifyFn')).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(actionsOf('DeliverFn')).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    for (const fn of ['ApiFn', 'Router', 'SlaFn']) {
      expect(actionsOf(fn)).toEqual([
        'dynamodb:BatchGetItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ]);
    }
    const all = JSON.stringify(policies);
    expect(all).not.toContain('dynamodb:BatchWriteItem');
    expect(all).not.toContain('dynamodb:ConditionCheckItem');
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
    // One exception: the api's export objects, each under a new key (exports/<id>/<name>.csv).
    const exportObjects = `{${JSON.stringify({ 'Fn::GetAtt': [exportsBucketId(), 'Arn'] })}}/exports/*`;
    expect(
      resources
        .map(arnText)
        .filter((arn) => arn.includes('*'))
        .filter((arn) => arn !== exportObjects),
    ).toEqual([]);
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
