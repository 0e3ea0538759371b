import { type Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../shared/config';
import { DEFAULT_MEMORY_MB, LAMBDA_BUNDLING, LAMBDA_NODE_OPTIONS } from './bundling';

export type TableAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem';

/**
 * What the stores of shared/store/stores.ts use, transactions included (they take the item
 * actions of their Put/Update parts). No store writes in batches or checks a condition alone,
 * so BatchWriteItem and ConditionCheckItem are granted to no one.
 */
export const READ_WRITE: readonly TableAction[] = [
  'GetItem',
  'BatchGetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
];

export type SwitchboardFunctionProps = {
  /** Path of the function's index.ts. */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize?: number;
  /** Configuration every function shares (time zone, thresholds, …). */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * The secrets it reads (SECRETS_ARN, comma-separated); none: no secret at all. What it may
   * take from them is its own allowlist (shared/channels/secret-names.ts, functions/api/secret-names.ts, shared/notify/secret-names.ts).
   */
  readonly secrets?: readonly ISecret[];
  /** Concurrency reserved for it (and its cap); undefined or 0: the account's shared pool. */
  readonly reservedConcurrency?: number | undefined;
};

/**
 * A switchboard Lambda with the house defaults: Node.js 24 on arm64, an ESM bundle minified by
 * the project's own esbuild, JSON logs in a log group of its own (one month), and a role that
 * may write only to that log group until the stack grants it more.
 */
export class SwitchboardFunction extends Construct implements IGrantable {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly grantPrincipal;

  constructor(scope: Construct, id: string, props: SwitchboardFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.logGroup = logGroup;
    const secrets = props.secrets ?? [];
    // An own role instead of AWSLambdaBasicExecutionRole: logs only to its own group.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${id} function`,
    });
    logGroup.grantWrite(role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? DEFAULT_MEMORY_MB,
      timeout: props.timeout,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      ...(props.reservedConcurrency
        ? { reservedConcurrentExecutions: props.reservedConcurrency }
        : {}),
      environment: {
        ...props.environment,
        ...(secrets.length > 0
          ? {
              [ENV.secretsArn]: Fn.join(
                ',',
                secrets.map((secret) => secret.secretArn),
              ),
            }
          : {}),
        NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
        POWERTOOLS_SERVICE_NAME: 'switchboard',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      bundling: LAMBDA_BUNDLING,
    });
    this.grantPrincipal = this.fn.grantPrincipal;
    for (const secret of secrets) secret.grantRead(this.fn);
  }

  /**
   * Sets the table's name in the environment and grants exactly these item actions, on the
   * table and (when asked) its named indexes: no wildcard resources.
   */
  useTable(
    table: ITableV2,
    actions: readonly TableAction[],
    options: { readonly indexes?: readonly string[] } = {},
  ): this {
    this.fn.addEnvironment(ENV.tableName, table.tableName);
    this.fn.addToRolePolicy(
      new PolicyStatement({
        actions: actions.map((action) => `dynamodb:${action}`),
        resources: [
          table.tableArn,
          ...(options.indexes ?? []).map((index) => `${table.tableArn}/index/${index}`),
        ],
      }),
    );
    return this;
  }

  /** Sets the queue's URL in the environment under `envName` and grants sending to it. */
  sendsTo(queue: IQueue, envName: string): this {
    this.fn.addEnvironment(envName, queue.queueUrl);
    queue.grantSendMessages(this.fn);
    return this;
  }
}
