import { randomUUID } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, inject } from 'vitest';
import type { ApiDeps } from '../../functions/api/deps';
import type { RouterDeps } from '../../functions/router/handler';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/local-aws';
import { pollOnce, toSqsRecord } from '../../local/poller';
import { type LocalStack, startLocalStack } from '../../local/stack';
import type { DeliveryMessage, SlaMessage } from '../../shared/domain/messages';
import type { DeliveryQueue, SlaQueue } from '../../shared/ports';
import type { ConsumerId, QueueId } from '../../shared/queue/definitions';
import { createDocumentClient } from '../../shared/store/client';
import { createTestClock, createTestIds, type TestClock } from './clock';

export const TEST_ADMIN_KEY = 'sb_test_admin_key_0123456789abcdef';

export type TestStackOptions = {
  /** Run the queue pollers (default false: tests drain queues themselves, deterministically). */
  readonly pollers?: boolean;
  /** Extra configuration; a function is read when the stack starts (after stand-ins have). */
  readonly env?: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>);
  readonly clock?: TestClock;
  readonly visibilityTimeoutSeconds?: number;
  /** Point the stack at another SQS endpoint (e.g. one where nothing listens). */
  readonly sqsEndpoint?: string;
  /** Wraps the api function's ports (after the sla queue is watched): to stage a race. */
  readonly decorateApi?: (deps: ApiDeps) => ApiDeps;
  /** Wraps the router's ports (after the sla queue is watched): to stage a failure mid-way. */
  readonly decorateRouter?: (deps: RouterDeps) => RouterDeps;
};

export type JsonResponse = {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
};

/**
 * One switchboard per test file, on the run's shared DynamoDB Local and SQS server, with its
 * own table and queues, an injected clock and readable ids.
 */
export const useTestStack = (options: TestStackOptions = {}) => {
  const clock = options.clock ?? createTestClock();
  const state: { stack?: LocalStack; db?: DynamoDBDocumentClient } = {};
  /** Delayed checks sent to the sla queue; SQS holds them for minutes, tests move the clock. */
  const sla = { scheduled: [] as SlaMessage[], delivered: 0 };
  /** The sla queue as the functions use it, noting each message once SQS has it. */
  const watched = (queue: SlaQueue): SlaQueue => ({
    async schedule(message) {
      await queue.schedule(message);
      sla.scheduled.push(message);
    },
    async scheduleAll(messages) {
      const unsent = await queue.scheduleAll(messages);
      const failed = new Set(unsent.map(({ index }) => index));
      sla.scheduled.push(...messages.filter((_, index) => !failed.has(index)));
      return unsent;
    },
  });
  /** Delayed deliveries (retries, waits); likewise held by SQS, run by the test clock. */
  const deliveries = { scheduled: [] as DeliveryMessage[], delivered: 0, slept: [] as number[] };
  /** The deliveries queue as notify and deliver use it, noting each delayed message. */
  const watchedDeliveries = (queue: DeliveryQueue): DeliveryQueue => ({
    async send(message) {
      await queue.send(message);
      if (Date.parse(message.dueAt) > clock.peek().getTime()) {
        deliveries.scheduled.push(message);
      }
    },
    deadLetter: (message) => queue.deadLetter(message),
  });

  beforeAll(async () => {
    const id = randomUUID().slice(0, 8);
    state.stack = await startLocalStack({
      servers: {
        dynamo: { endpoint: inject('dynamoEndpoint') },
        sqs: { endpoint: options.sqsEndpoint ?? inject('sqsEndpoint') },
      },
      port: 0,
      tableName: `test-${id}`,
      queuePrefix: `t${id}-`,
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 2,
      env: {
        ADMIN_API_KEY: TEST_ADMIN_KEY,
        // Tests post many requests from one place; the rate-limit test sets its own limits.
        RATE_LIMIT_FORMS_PER_IP: '0',
        RATE_LIMIT_FORMS_PER_SITE: '0',
        RATE_LIMIT_WEBHOOKS_PER_IP: '0',
        ...(typeof options.env === 'function' ? options.env() : options.env),
      },
      runtime: {
        now: clock.now,
        newId: createTestIds(id),
        // Pacing a send into its second: the clock moves instead of anyone waiting.
        sleep: async (ms) => {
          deliveries.slept.push(ms);
          clock.advance(ms);
        },
      },
      // Every function that schedules delayed checks or deliveries does it through a watched
      // queue.
      decorate: {
        router: (deps) => {
          const withSla = { ...deps, sla: watched(deps.sla) };
          return options.decorateRouter ? options.decorateRouter(withSla) : withSla;
        },
        sla: (deps) => ({ ...deps, sla: watched(deps.sla) }),
        api: (deps) => {
          const withSla = deps.sla ? { ...deps, sla: watched(deps.sla) } : deps;
          return options.decorateApi ? options.decorateApi(withSla) : withSla;
        },
        notify: (deps) => ({ ...deps, queue: watchedDeliveries(deps.queue) }),
        deliver: (deps) => ({ ...deps, queue: watchedDeliveries(deps.queue) }),
      },
      pollers: options.pollers ?? false,
    });
    state.db = createDocumentClient({
      endpoint: inject('dynamoEndpoint'),
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
  });

  afterAll(async () => {
    await state.stack?.stop();
    state.db?.destroy();
  });

  const stack = (): LocalStack => {
    if (!state.stack) throw new Error('the test stack is not started yet');
    return state.stack;
  };
  const db = (): DynamoDBDocumentClient => state.db as DynamoDBDocumentClient;

  /**
   * Delivers the scheduled sla messages that are due by the test clock, to the same handler the
   * sla poller invokes, as SQS would once their delay ran out; repeats for what they schedule.
   */
  const runDueSla = async (
    only: (message: SlaMessage) => boolean = () => true,
  ): Promise<number> => {
    let ran = 0;
    for (;;) {
      const now = clock.peek().getTime();
      const isDue = (m: SlaMessage) => Date.parse(m.dueAt) <= now && only(m);
      const due = sla.scheduled.filter(isDue);
      if (due.length === 0) return ran;
      sla.scheduled = sla.scheduled.filter((m) => !isDue(m));
      for (const message of due) {
        const record = toSqsRecord(
          {
            MessageId: `sla-${++sla.delivered}`,
            ReceiptHandle: 'r',
            Body: JSON.stringify(message),
          },
          'arn:aws:sqs:us-east-1:000000000000:sla',
        );
        const response = await stack().consumers.sla.handler({ Records: [record] });
        if (response?.batchItemFailures?.length) throw new Error('an sla message failed');
        ran++;
      }
      if (only !== undefined && ran > 0) return ran;
    }
  };

  /**
   * Delivers the delayed deliveries that are due by the test clock to the deliver function, as
   * SQS would once their delay ran out; repeats for the ones they schedule. (Their copies in
   * SQS surface later and are turned away as duplicates.)
   */
  const runDueDeliveries = async (): Promise<number> => {
    let ran = 0;
    for (;;) {
      const now = clock.peek().getTime();
      const isDue = (m: DeliveryMessage) => Date.parse(m.dueAt) <= now;
      const due = deliveries.scheduled.filter(isDue);
      if (due.length === 0) return ran;
      deliveries.scheduled = deliveries.scheduled.filter((m) => !isDue(m));
      for (const message of due) {
        const record = toSqsRecord(
          {
            MessageId: `delivery-${++deliveries.delivered}`,
            ReceiptHandle: 'r',
            Body: JSON.stringify(message),
          },
          'arn:aws:sqs:us-east-1:000000000000:deliveries',
        );
        const response = await stack().consumers.deliver.handler({ Records: [record] });
        if (response?.batchItemFailures?.length) throw new Error('a delivery message failed');
        ran++;
      }
    }
  };

  /** Runs the delayed deliveries one due time after another, up to `until` (ms on the clock). */
  const runDeliveriesUntil = async (until: number): Promise<number> => {
    let ran = 0;
    for (;;) {
      ran += await runDueDeliveries();
      const next = deliveries.scheduled
        .map((m) => Date.parse(m.dueAt))
        .filter((at) => at <= until)
        .sort((a, b) => a - b)[0];
      if (next === undefined) return ran;
      if (next > clock.peek().getTime()) clock.set(new Date(next).toISOString());
    }
  };

  return bindStack(stack, db, {
    clock,
    sla,
    runDueSla,
    deliveries,
    runDueDeliveries,
    runDeliveriesUntil,
  });
};

export type TestStack = ReturnType<typeof useTestStack>;

/** Request, API and storage helpers over a running local stack. */
export const bindStack = <E extends object>(
  stack: () => LocalStack,
  db: () => DynamoDBDocumentClient,
  extra: E,
) => {
  const request = (path: string, init?: RequestInit): Promise<Response> =>
    Promise.resolve(stack().fetch(new Request(`http://localhost${path}`, init)));

  const toJson = async (response: Response): Promise<JsonResponse> => {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // plain text answers (Tilda's "ok") stay text
    }
    return { status: response.status, body, headers: response.headers };
  };

  const api = async (
    method: string,
    path: string,
    body?: unknown,
    key: string | null = TEST_ADMIN_KEY,
  ): Promise<JsonResponse> =>
    toJson(
      await request(path, {
        method,
        headers: {
          ...(key ? { Authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    );

  /** Invokes a consumer until its queue has nothing visible left (pollers off). */
  const drain = async (consumer: ConsumerId = 'router'): Promise<number> => {
    let total = 0;
    for (;;) {
      const received = await pollOnce({ ...stack().consumers[consumer], waitTimeSeconds: 0 });
      if (received === 0) return total;
      total += received;
    }
  };

  const queueDepth = async (queue: QueueId, dlq = false): Promise<number> => {
    const urls = stack().queues[queue];
    const { Attributes } = await stack().sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: dlq ? urls.dlqUrl : urls.url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
  };

  const purge = async (queue: QueueId) =>
    stack().sqs.send(new PurgeQueueCommand({ QueueUrl: stack().queues[queue].url }));

  /** Receives and deletes every visible message of a queue, bodies parsed as JSON. */
  const takeMessages = async (queue: QueueId): Promise<any[]> => {
    const taken: any[] = [];
    const queueUrl = stack().queues[queue].url;
    for (;;) {
      const { Messages = [] } = await stack().sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: 60,
        }),
      );
      if (Messages.length === 0) return taken;
      taken.push(...Messages.map((message) => JSON.parse(message.Body ?? 'null')));
      await stack().sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Messages.map((message, i) => ({
            Id: String(i),
            ReceiptHandle: message.ReceiptHandle ?? '',
          })),
        }),
      );
    }
  };

  /** Every item of the test table whose pk starts with a prefix (LEAD#, CONTACT#, …). */
  const items = async (pkPrefix: string, sk?: string): Promise<Record<string, unknown>[]> => {
    const found: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db().send(
        new ScanCommand({
          TableName: stack().config.tableName,
          FilterExpression: sk ? 'begins_with(pk, :p) AND sk = :sk' : 'begins_with(pk, :p)',
          ExpressionAttributeValues: { ':p': pkPrefix, ...(sk ? { ':sk': sk } : {}) },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      found.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  };

  return {
    ...extra,
    get stack() {
      return stack();
    },
    request,
    toJson,
    api,
    drain,
    queueDepth,
    purge,
    takeMessages,
    items,
    leads: () => items('LEAD#', 'LEAD'),
    contacts: () => items('CONTACT#', 'CONTACT'),
  };
};
