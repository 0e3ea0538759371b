import { DEFAULT_MEMORY_MB } from '../infra/constructs/bundling';
import { QUEUES } from '../shared/queue/definitions';
import { PRICES } from './prices';
import { atMost, type Benchmark, type Figure, figuresOf, usd } from './report';
import {
  billedUnits,
  installMeters,
  type Meters,
  meterIngestSends,
  writeBreakdown,
} from './support/aws-meters';
import { ingestAll, routeAll, seedDepartment, startBenchStack } from './support/local-system';
import { callEvents, formRequest, phoneOf, telephonyRequest } from './support/requests';
import { sum } from './support/stats';

const LEADS = 100;
const CALLS = 40;
const TARGET_PER_1000_LEADS = 0.01;
/** Issue 14, item 2: DynamoDB write units as AWS bills them, per new lead and per call event. */
const TARGET_WRU = { leads: 12, 'call events': 8 } as const;
/** Billed Lambda memory (every function uses the default). */
const GB = DEFAULT_MEMORY_MB / 1024;
const SQS_BILLED = new Set([
  'SendMessage',
  'SendMessageBatch',
  'ReceiveMessage',
  'DeleteMessage',
  'DeleteMessageBatch',
  'ChangeMessageVisibility',
]);

type Phase = {
  /** Ingest invocations (one HTTP API request each) and their durations. */
  ingestMs: number[];
  /** Router invocations (one SQS batch each) and their durations. */
  routerMs: number[];
  dynamo: ReturnType<typeof billedUnits>;
  /** Item operations by kind, per item (lead or event), with their billed write units. */
  operations: string;
  /** Write units per item (lead or event) by what was written. */
  writes: ReturnType<typeof writeBreakdown>;
  sqs: { requests: number; fifo: number; standard: number; emptyReceives: number; detail: string };
};

const sqsRequests = (meters: Meters): Phase['sqs'] => {
  let fifo = 0;
  let standard = 0;
  let emptyReceives = 0;
  const detail: string[] = [];
  for (const [key, t] of meters.sqs) {
    const [action = '', queue = ''] = key.split(' ');
    if (!SQS_BILLED.has(action)) continue;
    // Empty receives are the pollers idling (Lambda long-polls: a fixed monthly cost, not per lead).
    const billed = t.calls - t.emptyReceives;
    emptyReceives += t.emptyReceives;
    if (queue.endsWith('.fifo')) fifo += billed;
    else standard += billed;
    if (billed > 0) detail.push(`${action} ${queue} ${billed}`);
  }
  return { requests: fifo + standard, fifo, standard, emptyReceives, detail: detail.join(', ') };
};

/** Milliseconds, billed as Lambda bills them (rounded up to 1 ms). */
const gbSeconds = (durations: readonly number[]) => (sum(durations.map(Math.ceil)) / 1000) * GB;

const priceOf = (phase: Phase) => {
  const invocations = phase.ingestMs.length + phase.routerMs.length;
  const lines = {
    dynamodb:
      phase.dynamo.readUnits * PRICES.dynamodb.readRequestUnit +
      phase.dynamo.writeUnits * PRICES.dynamodb.writeRequestUnit,
    sqs: phase.sqs.fifo * PRICES.sqs.fifoRequest + phase.sqs.standard * PRICES.sqs.standardRequest,
    lambda:
      invocations * PRICES.lambda.request +
      (gbSeconds(phase.ingestMs) + gbSeconds(phase.routerMs)) * PRICES.lambda.armGbSecond,
    apiGateway: phase.ingestMs.length * PRICES.apiGateway.httpApiRequest,
  };
  return { ...lines, total: lines.dynamodb + lines.sqs + lines.lambda + lines.apiGateway };
};

export const cost: Benchmark = {
  name: 'cost',
  description: `a metered run through the local stack — ${LEADS} form posts, then ${CALLS} calls (2–3 generic events each): ingest (in process, timed) → intake.fifo → router (pollers, timed); capacity and requests counted by middleware on the real clients, priced with bench/prices.ts`,
  async run({ log, servers }) {
    const figure = figuresOf('cost');
    const meters = installMeters();
    const bench = await startBenchStack(await servers(), 'cost', {
      pollers: false,
      decorate: { ingest: meterIngestSends(meters, `bench-cost-${QUEUES.intake.name}`) },
    });
    const errors: unknown[] = [];
    try {
      await seedDepartment(bench, 8);
      const measure = async (
        requests: { path: string; headers: Record<string, string>; body: string }[],
      ): Promise<Phase> => {
        meters.reset();
        const ingestMs = await ingestAll(bench, requests, 4);
        const routerMs = await routeAll(bench, (error) => errors.push(error));
        await meters.settled();
        const operations = [...meters.dynamo]
          .filter(([, t]) => t.readUnits + t.writeUnits > 0)
          .map(([op, t]) => {
            const n = requests.length;
            const items = op.startsWith('Transact')
              ? ` (${(t.actions / t.calls).toFixed(1)} items each)`
              : '';
            return `${op} ${(t.calls / n).toFixed(1)}×${items} ${(t.readUnits / n).toFixed(1)} RRU ${(t.writeUnits / n).toFixed(1)} WRU`;
          })
          .join(', ');
        return {
          ingestMs,
          routerMs,
          dynamo: billedUnits(meters),
          operations,
          writes: writeBreakdown(meters, requests.length),
          sqs: sqsRequests(meters),
        };
      };

      const forms = await measure(
        Array.from({ length: LEADS }, (_, i) => formRequest(700_000 + i)),
      );
      const leads = await bench.count('LEAD#', 'LEAD');
      const callRequests = Array.from({ length: CALLS }, (_, i) =>
        callEvents(`cost-call-${i}`, phoneOf(800_000 + i), new Date(Date.now() - 120_000), {
          extension: String(101 + (i % 8)),
          answered: i % 3 !== 0,
        }),
      )
        .flat()
        .map((event) => telephonyRequest(event));
      const calls = await measure(callRequests);
      if (errors.length > 0) throw new Error(`router poller failed: ${String(errors[0])}`);
      if (leads !== LEADS) throw new Error(`${leads} leads stored, ${LEADS} expected`);

      const figures: Figure[] = [];
      for (const [name, phase, count, unit] of [
        ['leads', forms, LEADS, 'lead'],
        ['call events', calls, callRequests.length, 'event'],
      ] as const) {
        const price = priceOf(phase);
        const per1000 = (value: number) => (value / count) * 1000;
        log(
          `${count} ${name}: DynamoDB ${(phase.dynamo.readUnits / count).toFixed(1)} RRU + ${(phase.dynamo.writeUnits / count).toFixed(1)} WRU per ${unit} ` +
            `(${phase.dynamo.calls} item operations, ${phase.dynamo.failed} failed, ${phase.dynamo.unmetered} without capacity); ` +
            `SQS ${(phase.sqs.requests / count).toFixed(2)} requests per ${unit} (${phase.sqs.detail}; ${phase.sqs.emptyReceives} empty receives of idle pollers left out); ` +
            `Lambda ${phase.ingestMs.length} ingest invocations (${(sum(phase.ingestMs) / phase.ingestMs.length).toFixed(1)} ms avg) + ${phase.routerMs.length} router invocations (${(sum(phase.routerMs) / phase.routerMs.length).toFixed(1)} ms avg) at ${DEFAULT_MEMORY_MB} MB`,
        );
        log(`  DynamoDB per ${unit}: ${phase.operations}`);
        log(`  write units per ${unit}, by what is written (calls, table + indexes [+ failed]):`);
        for (const row of phase.writes) {
          log(
            `    ${row.units.toFixed(2).padStart(5)} WRU  ${row.calls.toFixed(2)}× ${row.label}: ${row.tableUnits.toFixed(2)} + ${row.indexUnits.toFixed(2)}${row.failedUnits > 0 ? ` [+ ${row.failedUnits.toFixed(2)} failed]` : ''}`,
          );
        }
        log(
          `  per 1,000 ${name}: DynamoDB ${usd(per1000(price.dynamodb))}, SQS ${usd(per1000(price.sqs))}, Lambda ${usd(per1000(price.lambda))}, API Gateway ${usd(per1000(price.apiGateway))}`,
        );
        figures.push(
          figure(
            `DynamoDB write units per ${unit === 'lead' ? 'new lead' : 'call event'}`,
            phase.dynamo.writeUnits / count,
            `${(phase.dynamo.writeUnits / count).toFixed(1)} WRU`,
            atMost(TARGET_WRU[name], `≤ ${TARGET_WRU[name]} WRU`),
          ),
          figure(
            `per 1,000 ${name}`,
            per1000(price.total),
            usd(per1000(price.total)),
            name === 'leads' ? atMost(TARGET_PER_1000_LEADS, '≤ $0.01') : undefined,
          ),
          figure(
            `per 1,000 ${name}: DynamoDB RRU / WRU`,
            per1000(phase.dynamo.writeUnits),
            `${Math.round(per1000(phase.dynamo.readUnits)).toLocaleString('en-US')} / ${Math.round(per1000(phase.dynamo.writeUnits)).toLocaleString('en-US')}`,
          ),
          figure(
            `per 1,000 ${name}: SQS requests / Lambda invocations / GB-s`,
            per1000(phase.sqs.requests),
            `${Math.round(per1000(phase.sqs.requests)).toLocaleString('en-US')} / ${Math.round(per1000(phase.ingestMs.length + phase.routerMs.length)).toLocaleString('en-US')} / ${per1000(gbSeconds(phase.ingestMs) + gbSeconds(phase.routerMs)).toFixed(1)}`,
          ),
        );
      }
      return figures;
    } finally {
      await bench.stop();
    }
  },
};
