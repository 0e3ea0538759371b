import { Duration, Stack } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDefinition } from '../../shared/queue/definitions';

/**
 * A queue and its dead-letter queue from a definition in shared/queue/definitions.ts, both
 * encrypted and TLS-only, with an alarm as soon as anything lands in the DLQ.
 */
export class QueueWithDlq extends Construct {
  readonly queue: Queue;
  readonly dlq: Queue;

  constructor(scope: Construct, id: string, definition: QueueDefinition, alarms: ITopic) {
    super(scope, id);
    const common = {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      ...(definition.fifo ? { fifo: true, contentBasedDeduplication: false } : {}),
    };
    // Names are <stack>-<definition name>, so operators' tools (npm run replay-dlq -- --aws)
    // find them from the same definitions.
    const prefix = `${Stack.of(this).stackName}-`;
    this.dlq = new Queue(this, 'Dlq', {
      ...common,
      queueName: `${prefix}${definition.dlq.name}`,
      retentionPeriod: Duration.days(definition.dlq.retentionDays),
    });
    this.queue = new Queue(this, 'Queue', {
      ...common,
      queueName: `${prefix}${definition.name}`,
      visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(definition.retentionDays),
      deadLetterQueue: { queue: this.dlq, maxReceiveCount: definition.dlq.maxReceiveCount },
    });

    this.dlq
      .metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      })
      .createAlarm(this, 'DlqNotEmpty', {
        alarmDescription: `Messages of ${definition.name} failed ${definition.dlq.maxReceiveCount} times and wait in its DLQ: find the cause in the logs, then npm run replay-dlq`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
      .addAlarmAction(new SnsAction(alarms));
  }
}
