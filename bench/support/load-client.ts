/**
 * A load generator in its own process (so it does not take the event loop of the system under
 * test): posts forms or call events to a running switchboard over HTTP, `concurrency` requests
 * in flight, and prints one JSON line: the latency of every answer and the wall time.
 *
 *   node --import tsx bench/support/load-client.ts '{"url":…,"kind":"forms","count":…,…}'
 */

import { callEvents, formRequest, phoneOf, telephonyRequest } from './requests';
import { mapConcurrent } from './stats';

export type LoadOrder = {
  readonly url: string;
  readonly kind: 'forms' | 'calls';
  /** Forms, or calls (each call is two or three events, sent in order). */
  readonly count: number;
  readonly concurrency: number;
  /** Offset for phone numbers and ids, so that runs do not collide. */
  readonly offset: number;
  readonly extensions: readonly string[];
};

export type LoadResult = {
  readonly requests: number;
  readonly failed: number;
  readonly statuses: Record<string, number>;
  readonly latenciesMs: number[];
  readonly wallMs: number;
};

const run = async (order: LoadOrder): Promise<LoadResult> => {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let failed = 0;
  const post = async (request: { path: string; headers: Record<string, string>; body: string }) => {
    const t0 = performance.now();
    const response = await fetch(`${order.url}${request.path}`, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });
    await response.arrayBuffer();
    latencies.push(performance.now() - t0);
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    if (response.status !== 200) failed++;
  };

  const started = performance.now();
  const items = Array.from({ length: order.count }, (_, i) => i + order.offset);
  if (order.kind === 'forms') {
    await mapConcurrent(items, order.concurrency, (i) => post(formRequest(i)));
  } else {
    await mapConcurrent(items, order.concurrency, async (i) => {
      const extension = order.extensions[i % order.extensions.length] ?? '101';
      const events = callEvents(`load-call-${i}`, phoneOf(i), new Date(Date.now() - 120_000), {
        extension,
        answered: i % 3 !== 0,
      });
      for (const event of events) await post(telephonyRequest(event));
    });
  }
  return {
    requests: latencies.length,
    failed,
    statuses,
    latenciesMs: latencies,
    wallMs: performance.now() - started,
  };
};

const order = JSON.parse(process.argv[2] ?? '{}') as LoadOrder;
run(order).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
