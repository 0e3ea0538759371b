import { expect } from 'vitest';
import { generic } from '../../shared/channels/telephony/generic';
import type { TelephonyRequest } from '../../shared/channels/telephony/types';
import {
  type CounterValues,
  callMetrics,
  contributionOf,
  sumValues,
} from '../../shared/domain/calls/counters';
import type { CallMessage } from '../../shared/domain/messages';
import type { StoredCall } from '../../shared/ports';
import { callEventId } from '../../shared/usecases/inbound/telephony';
import type { TestStack } from './test-stack';

/** Every stored call record (the CALL items), as the recount sees them. */
export const storedCalls = async (t: Pick<TestStack, 'items'>): Promise<StoredCall[]> =>
  (await t.items('CALL#', 'CALL')) as unknown as StoredCall[];

/**
 * Recounts the metrics from the stored call records alone and checks that the API, which
 * reads only the pre-aggregated counters, says exactly the same — totals, per day, per manager.
 */
export const expectMetricsEqualRecount = async (
  t: Pick<TestStack, 'items' | 'api'>,
  from: string,
  to: string,
) => {
  const calls = await storedCalls(t);
  const contributions = calls
    .map((call) => contributionOf(call))
    .filter((c): c is NonNullable<typeof c> => c !== undefined)
    .filter((c) => c.day >= from && c.day <= to);
  const recount = (filter: (c: (typeof contributions)[number]) => boolean): CounterValues =>
    sumValues(contributions.filter(filter).map((c) => c.values));

  const byDay = await t.api('GET', `/v1/metrics/calls?from=${from}&to=${to}&groupBy=day`);
  const byManager = await t.api('GET', `/v1/metrics/calls?from=${from}&to=${to}&groupBy=manager`);
  expect(byDay.status).toBe(200);
  expect(byManager.status).toBe(200);

  // Every figure the API reports, averages included, computed from the recount.
  const figures = (values: CounterValues) => callMetrics(sumValues([values]));
  expect(byDay.body.totals).toEqual(figures(recount(() => true)));
  for (const group of byDay.body.groups) {
    expect(group).toEqual({ key: group.key, ...figures(recount((c) => c.day === group.key)) });
  }
  const managers = new Set(contributions.map((c) => c.managerId ?? '-'));
  expect(byManager.body.groups.map((g: { key: string }) => g.key).sort()).toEqual(
    [...managers].sort(),
  );
  for (const group of byManager.body.groups) {
    expect(group).toEqual({
      key: group.key,
      ...figures(recount((c) => (c.managerId ?? '-') === group.key)),
    });
  }
  return { calls, metrics: byDay.body };
};

/**
 * Generic-provider events (the documented JSON) as the intake messages ingest would queue for
 * them: through the real module's parse and the real event id.
 */
export const genericCallMessages = (raw: readonly Record<string, unknown>[]): CallMessage[] =>
  raw.map((event) => {
    const parsed = generic.parse({ body: JSON.stringify(event) } as TelephonyRequest, {
      receivedAt: new Date(String(event.at)),
      defaultCountry: 'RU',
      timeZone: 'Europe/Moscow',
    });
    if (!parsed.ok || !parsed.value[0]) throw new Error(JSON.stringify(parsed));
    return {
      kind: 'call',
      eventId: callEventId(parsed.value[0]),
      receivedAt: String(event.at),
      event: parsed.value[0],
    };
  });
