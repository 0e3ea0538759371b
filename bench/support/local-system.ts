import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/local-aws';
import { startPoller } from '../../local/poller';
import {
  type LocalStack,
  type LocalStackOptions,
  type Servers,
  startLocalStack,
} from '../../local/stack';
import type { QueueId } from '../../shared/queue/definitions';
import { createDocumentClient } from '../../shared/store/client';
import { type MeterTime, meterTime } from './aws-meters';
import { runNodeForJson } from './child-json';
import type { LoadOrder, LoadResult } from './load-client';
import { BENCH_SECRETS, SITE_KEY, SITE_TOKEN } from './requests';
import { mapConcurrent } from './stats';

const HERE = dirname(fileURLToPath(import.meta.url));

export type BenchStack = Awaited<ReturnType<typeof startBenchStack>>;

/** The whole system (startLocalStack) on the shared servers, in a table and queues of its own. */
export const startBenchStack = async (
  servers: Servers,
  name: string,
  options: Partial<Omit<LocalStackOptions, 'servers' | 'tableName' | 'queuePrefix'>> = {},
) => {
  const stack: LocalStack = await startLocalStack({
    servers,
    port: 0,
    tableName: `bench-${name}`,
    queuePrefix: `bench-${name}-`,
    ...options,
    env: {
      ...BENCH_SECRETS,
      // The load comes from one address: measure the system, not the rate limiter.
      RATE_LIMIT_FORMS_PER_IP: '0',
      RATE_LIMIT_FORMS_PER_SITE: '0',
      RATE_LIMIT_WEBHOOKS_PER_IP: '0',
      ...options.env,
    },
  });
  const db = createDocumentClient({
    endpoint: servers.dynamo.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await stack.fetch(
      new Request(`http://localhost${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${BENCH_SECRETS.ADMIN_API_KEY}`,
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    );
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };

  /** Messages in a queue, visible or in flight. */
  const queueDepth = async (queue: QueueId): Promise<number> => {
    const { Attributes } = await stack.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: stack.queues[queue].url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
  };

  /** Waits until the queue holds nothing (every message handled and deleted). */
  const drained = async (queue: QueueId, timeoutMs = 600_000): Promise<void> => {
    const until = Date.now() + timeoutMs;
    while ((await queueDepth(queue)) > 0) {
      if (Date.now() > until) throw new Error(`${queue} not drained in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  /** Items whose pk starts with a prefix and whose sk is `sk` (a full scan; fine at bench sizes). */
  const count = async (pkPrefix: string, sk: string): Promise<number> => {
    let total = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new ScanCommand({
          TableName: stack.config.tableName,
          FilterExpression: 'begins_with(pk, :p) AND sk = :sk',
          ExpressionAttributeValues: { ':p': pkPrefix, ':sk': sk },
          Select: 'COUNT',
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      total += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return total;
  };

  return {
    stack,
    api,
    queueDepth,
    drained,
    count,
    stop: async () => {
      await stack.stop();
      db.destroy();
    },
  };
};

/** Managers who take every lead and answer calls on extensions 101…, and a site with a token. */
export const seedDepartment = async (
  bench: Pick<BenchStack, 'api'>,
  managers: number,
): Promise<{ managerIds: string[]; extensions: string[] }> => {
  const managerIds: string[] = [];
  const extensions: string[] = [];
  for (let i = 0; i < managers; i++) {
    const id = `m${String(i + 1).padStart(2, '0')}`;
    const extension = String(101 + i);
    await bench.api('PUT', `/v1/managers/${id}`, {
      name: `Manager ${i + 1}`,
      team: 'acquisition',
      extensions: [extension],
      active: true,
      weight: 1,
    });
    managerIds.push(id);
    extensions.push(extension);
  }
  await bench.api('PUT', `/v1/sites/${SITE_KEY}`, {
    name: 'Shop',
    allowedOrigins: ['https://shop.example'],
    token: SITE_TOKEN,
  });
  return { managerIds, extensions };
};

/** Runs the load generator in a child process against `order.url`. */
export const runLoad = (order: LoadOrder): Promise<LoadResult> =>
  runNodeForJson<LoadResult>(
    ['--import', 'tsx', join(HERE, 'load-client.ts'), JSON.stringify(order)],
    { env: process.env },
    'load client',
  );

/** CPU seconds (user + system) used so far by this process and by each child process. */
export const cpuSeconds = (): { node: number; children: Record<string, number> } => {
  const own = process.cpuUsage();
  const children: Record<string, number> = {};
  const ticks = 100; // USER_HZ on Linux
  try {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      const seconds = (Number(fields[11]) + Number(fields[12])) / ticks;
      children[comm] = (children[comm] ?? 0) + seconds;
    }
  } catch {
    // not Linux: no child figures
  }
  return { node: (own.user + own.system) / 1e6, children };
};

/** Sends requests to the ingest app in process (one Lambda invocation each), timing each. */
export const ingestAll = async (
  bench: BenchStack,
  requests: readonly { path: string; headers: Record<string, string>; body: string }[],
  concurrency: number,
): Promise<number[]> =>
  mapConcurrent(requests, concurrency, async (request) => {
    const t0 = performance.now();
    const response = await bench.stack.fetch(
      new Request(`http://localhost${request.path}`, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      }),
    );
    await response.arrayBuffer();
    const elapsed = performance.now() - t0;
    if (response.status !== 200) throw new Error(`ingest answered ${response.status}`);
    return elapsed;
  });

/**
 * Runs the router over intake.fifo until it is empty, timing every invocation (less the time its
 * requests waited on the bench's meters, when they are installed).
 */
export const routeAll = async (
  bench: BenchStack,
  onError: (error: unknown) => void,
): Promise<number[]> => {
  const durations: number[] = [];
  const consumer = bench.stack.consumers.router;
  const timed = async (event: SQSEvent): Promise<SQSBatchResponse | undefined> => {
    const t0 = performance.now();
    const metering: MeterTime = { ms: 0, active: 0, since: 0 };
    try {
      return await meterTime.run(metering, () => consumer.handler(event));
    } finally {
      durations.push(performance.now() - t0 - metering.ms);
    }
  };
  const poller = startPoller({ ...consumer, handler: timed, concurrency: 4, onError });
  try {
    await bench.drained('intake');
  } finally {
    await poller.stop();
    // fauxqs keeps an aborted long poll open for its WaitTimeSeconds (1 s) and would hand it the
    // next messages sent, which then stay invisible for the visibility timeout: let them lapse.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
  }
  return durations;
};
