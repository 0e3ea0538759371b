import { Duration, type Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { ComparisonOperator, Metric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { METRICS } from '../../shared/metrics';
import { QUEUES, type QueueId } from '../../shared/queue/definitions';
import type { QueueWithDlq } from '../constructs/queue-with-dlq';
import type { SwitchboardFunction } from '../constructs/switchboard-function';

/** How old the oldest message of each queue may grow before someone is told (seconds). */
export const OLDEST_MESSAGE_ALARM_SECONDS: Readonly<Record<QueueId, number>> = {
  // The router takes a message within seconds; five minutes means it is stuck or failing.
  intake: 300,
  // Announcements retried by visibility (60 s × 10 receives).
  assignments: 600,
  // Retries are new messages delayed up to 900 s (SQS's maximum) each hop: + 10 min margin.
  deliveries: 1_500,
  // Checks are delayed up to 900 s each hop (longer waits re-enqueue): + 5 min margin.
  sla: 1_200,
};

/**
 * What the operators hear of, on one topic: each function's errors, and what the handlers turn
 * into answers instead of errors (5xx answers, bursts of refused signatures, requests held in the
 * quarantine, deliveries failing again and again, a queue's oldest message growing old). Made in
 * the stack's own scope (a function's errors in the function's), so the alarms keep their
 * logical ids.
 */
export const addAlarms = (
  scope: Stack,
  {
    topic,
    functions,
    ingest,
    deliver,
    httpApi,
    queues,
  }: {
    topic: ITopic;
    functions: readonly SwitchboardFunction[];
    ingest: SwitchboardFunction;
    deliver: SwitchboardFunction;
    httpApi: HttpApi;
    queues: Readonly<Record<QueueId, QueueWithDlq>>;
  },
) => {
  /** An alarm on the operators' topic: at least `threshold` in one period. */
  const alarm = (
    id: string,
    metric: Metric,
    threshold: number,
    description: string,
    at: Construct = scope,
  ) =>
    metric
      .createAlarm(at, id, {
        alarmDescription: description,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
      .addAlarmAction(new SnsAction(topic));

  for (const fn of functions) {
    alarm(
      'Errors',
      fn.fn.metricErrors({ period: Duration.minutes(5) }),
      1,
      `${fn.node.id} threw errors: see its log group`,
      fn,
    );
  }

  // A destination failing again and again (its retries are on their way; the DLQ alarm comes
  // only after a day): the operator hears of it while there is time to fix it.
  const failedAttempts = new MetricFilter(scope, 'FailedDeliveryAttempts', {
    logGroup: deliver.logGroup,
    filterPattern: FilterPattern.stringValue('$.message', '=', 'delivery attempt failed'),
    metricNamespace: 'switchboard',
    metricName: 'FailedDeliveryAttempts',
    metricValue: '1',
    defaultValue: 0,
  });
  alarm(
    'DeliveryFailures',
    failedAttempts.metric({ period: Duration.minutes(15), statistic: Stats.SUM }),
    10,
    'Deliveries to Telegram, a webhook or Bitrix24 keep failing (GET /v1/webhooks/{name}/deliveries shows which); they are retried for 25 h, then dead-lettered',
  );

  // Anything held in the quarantine (spam apart): an authenticated request the parsers could
  // not read. See GET /v1/quarantine; after a fix, npm run reprocess-quarantine -- --aws.
  alarm(
    'HeldRequests',
    new Metric({
      namespace: METRICS.namespace,
      metricName: METRICS.held,
      dimensionsMap: { service: METRICS.service },
      statistic: 'Sum',
      period: Duration.minutes(5),
    }),
    1,
    'Requests were held in the quarantine: authenticated, but not readable as events. GET /v1/quarantine says why; after a parser fix, npm run reprocess-quarantine -- --aws',
  );

  // What handlers turn into answers instead of errors: 5xx answers, refused signatures.
  alarm(
    'Api5xx',
    httpApi.metricServerError({ period: Duration.minutes(5), statistic: Stats.SUM }),
    5,
    'The HTTP API answered 5xx at least 5 times in 5 minutes (a 503 is a table or queue out of reach; providers retry, browsers do not): see the access logs and the functions’ logs',
  );
  const refusals = new MetricFilter(scope, 'InboundRefusals', {
    logGroup: ingest.logGroup,
    // The warn line respond() writes for a refused signature, secret, origin or stale event.
    filterPattern: FilterPattern.stringValue('$.message', '=', 'inbound refused'),
    metricNamespace: METRICS.namespace,
    metricName: METRICS.refused,
    metricValue: '1',
    defaultValue: 0,
  });
  alarm(
    'InboundRefusalBurst',
    refusals.metric({ period: Duration.minutes(5), statistic: Stats.SUM }),
    20,
    'At least 20 inbound requests refused (bad signature, secret or origin, or a replay) in 5 minutes: a provider secret rotated without updating the ingest secret, or someone probing. The ingest logs say which route',
  );
  for (const [id, queue] of Object.entries(queues) as [QueueId, QueueWithDlq][]) {
    alarm(
      `${queue.node.id}OldestMessage`,
      queue.queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(1),
        statistic: Stats.MAXIMUM,
      }),
      OLDEST_MESSAGE_ALARM_SECONDS[id],
      `The oldest message of ${QUEUES[id].name} is ${OLDEST_MESSAGE_ALARM_SECONDS[id]} s old: its consumer is stuck, failing or throttled`,
    );
  }
};
