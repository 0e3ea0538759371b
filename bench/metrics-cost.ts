import { awsClientOptions } from '../shared/config';
import { dayInZone } from '../shared/domain/time';
import type { StoredCall } from '../shared/ports';
import { createDocumentClient } from '../shared/store/client';
import { createStores } from '../shared/store/stores';
import { type Benchmark, equalTo, type Figure, figuresOf } from './report';
import { billedUnits, installMeters } from './support/aws-meters';
import { ingestAll, routeAll, startBenchStack } from './support/local-system';
import { type GenericEvent, phoneOf, telephonyRequest } from './support/requests';
import { mapConcurrent } from './support/stats';

const DAYS = 30;
const MANAGERS = 20;
const ROUTED = 1_000;
const TOTAL = 100_000;

type Row = { readonly day: string; readonly manager?: string | undefined };

/**
 * The calls routed for real: the first 600 are answered and cover every (day, manager) pair;
 * the next 30 are missed (no manager), one a day; the rest are answered by manager and day in
 * turn. So the counter rows that exist after 1,000 calls are all there will ever be.
 */
const plan = (days: readonly string[], managers: readonly string[]) =>
  Array.from({ length: ROUTED }, (_, i): Row => {
    if (i < DAYS * MANAGERS) {
      return { day: days[Math.floor(i / MANAGERS)] ?? '', manager: managers[i % MANAGERS] };
    }
    if (i < DAYS * MANAGERS + DAYS) return { day: days[i - DAYS * MANAGERS] ?? '' };
    return { day: days[i % DAYS] ?? '', manager: managers[(i * 7) % MANAGERS] };
  });

/** One whole call in one generic `ended` event (with its start), on its day, Moscow time. */
const endedEvent = (i: number, row: Row, extensions: Map<string, string>): GenericEvent => {
  const answered = row.manager !== undefined;
  const start = new Date(`${row.day}T10:00:00+03:00`);
  start.setUTCSeconds(start.getUTCSeconds() + (i % 3_600));
  const end = new Date(start.getTime() + (answered ? 95_000 : 25_000));
  return {
    eventId: `metrics-${i}-end`,
    callId: `metrics-${i}`,
    event: 'ended',
    direction: 'inbound',
    from: phoneOf(900_000 + i),
    to: '+74950000000',
    ...(answered ? { extension: extensions.get(row.manager ?? '') ?? '' } : {}),
    at: end.toISOString(),
    startedAt: start.toISOString(),
    disposition: answered ? 'answered' : 'no-answer',
    talkSeconds: answered ? 80 : 0,
  };
};

export const metricsCost: Benchmark = {
  name: 'metrics-cost',
  description: `items GET /v1/metrics/calls (${DAYS} days, ${MANAGERS} managers, groupBy=manager) reads after ${ROUTED.toLocaleString('en-US')} calls routed for real and after ${TOTAL.toLocaleString('en-US')} (the rest written as counter deltas through the call store's save, as the router writes them)`,
  async run({ log, servers }) {
    const figure = figuresOf('metrics-cost');
    const meters = installMeters();
    const bench = await startBenchStack(await servers(), 'metrics', { pollers: false });
    const errors: unknown[] = [];
    try {
      const { config } = bench.stack;
      const managers = Array.from(
        { length: MANAGERS },
        (_, i) => `m${String(i + 1).padStart(2, '0')}`,
      );
      const extensions = new Map(managers.map((m, i) => [m, String(201 + i)]));
      for (const manager of managers) {
        await bench.api('PUT', `/v1/managers/${manager}`, {
          name: manager,
          team: 'acquisition',
          extensions: [extensions.get(manager)],
          active: true,
        });
      }
      // The 30 days before today, in the business time zone.
      const today = Date.parse(`${dayInZone(new Date(), config.timeZone)}T12:00:00Z`);
      const days = Array.from({ length: DAYS }, (_, i) =>
        new Date(today - (DAYS - i) * 86_400_000).toISOString().slice(0, 10),
      );
      const rows = plan(days, managers);

      // 1,000 calls: signed generic events → ingest → intake.fifo → router.
      await ingestAll(
        bench,
        rows.map((row, i) => telephonyRequest(endedEvent(i, row, extensions))),
        4,
      );
      await routeAll(bench, (error) => errors.push(error));
      await meters.settled();
      if (errors.length > 0) throw new Error(`router failed: ${String(errors[0])}`);

      const query = `/v1/metrics/calls?from=${days[0]}&to=${days[DAYS - 1]}&groupBy=manager`;
      const read = async () => {
        meters.reset();
        const body = (await bench.api('GET', query)) as { totals: { calls: number } };
        const units = billedUnits(meters);
        return {
          calls: body.totals.calls,
          items: units.items,
          readUnits: units.readUnits,
          requests: units.calls,
        };
      };
      const after1k = await read();

      // 99,000 more: per counter row, one saved call carrying the deltas of all the calls that
      // row gets (counters add up, so the items hold what 99,000 router runs would leave).
      const stores = createStores(
        createDocumentClient(awsClientOptions(config, 'dynamodb')),
        config,
      );
      const template = new Map<string, StoredCall>();
      for (const [i, row] of rows.entries()) {
        const key = `${row.day}|${row.manager ?? ''}`;
        if (template.has(key)) continue;
        const stored = await stores.calls.get('generic', `metrics-${i}`);
        if (!stored?.contribution) throw new Error(`call metrics-${i} was not counted`);
        template.set(key, stored);
      }
      const perRow = new Map<string, number>();
      for (let i = ROUTED; i < TOTAL; i++) {
        const row = rows[i % ROUTED] as Row;
        const key = `${row.day}|${row.manager ?? ''}`;
        perRow.set(key, (perRow.get(key) ?? 0) + 1);
      }
      await mapConcurrent([...perRow], 8, async ([key, count]) => {
        const call = template.get(key) as StoredCall;
        const contribution = call.contribution as NonNullable<StoredCall['contribution']>;
        const values = Object.fromEntries(
          Object.entries(contribution.values).map(([name, value]) => [name, (value ?? 0) * count]),
        );
        const outcome = await stores.calls.save(
          { ...call, callId: `bulk-${key}`, version: 1 },
          undefined,
          [{ day: contribution.day, managerId: contribution.managerId, values }],
        );
        if (outcome !== 'saved') throw new Error(`bulk save of ${key}: ${outcome}`);
      });
      const after100k = await read();

      log(
        `after ${after1k.calls.toLocaleString('en-US')} calls: ${after1k.items} items in ${after1k.requests} requests, ${after1k.readUnits} RRU; ` +
          `after ${after100k.calls.toLocaleString('en-US')}: ${after100k.items} items in ${after100k.requests} requests, ${after100k.readUnits} RRU ` +
          `(${perRow.size} counter rows given the other ${(TOTAL - ROUTED).toLocaleString('en-US')} calls)`,
      );
      if (after1k.calls !== ROUTED || after100k.calls !== TOTAL) {
        throw new Error(`metrics count ${after1k.calls} and ${after100k.calls} calls`);
      }
      const figures: Figure[] = [
        figure(
          `items read after ${ROUTED.toLocaleString('en-US')} calls`,
          after1k.items,
          String(after1k.items),
        ),
        figure(
          `items read after ${TOTAL.toLocaleString('en-US')} calls`,
          after100k.items,
          String(after100k.items),
          equalTo(after1k.items, `= ${after1k.items} (as after 1,000)`),
        ),
        figure(
          'read request units after 1,000 / 100,000 calls',
          after100k.readUnits,
          `${after1k.readUnits} / ${after100k.readUnits} RRU`,
        ),
      ];
      return figures;
    } finally {
      await bench.stop();
    }
  },
};
