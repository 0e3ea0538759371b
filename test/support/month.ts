import { expect } from 'vitest';
import type { TestStack } from './test-stack';

/**
 * The head of sales' month recounted from the stored leads and calls alone — written apart from
 * the code under test (its own stage order, its own A/B/C split) — and compared with what the
 * API answers from its counters.
 */

type Item = Record<string, unknown>;
const ZONE = 'Europe/Moscow';
const dayOf = (iso: unknown): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(String(iso)));

export const STAGES = [
  'leads',
  'accepted',
  'firstAttempt',
  'firstConversation',
  'effectiveConversation',
  'won',
] as const;

/** How far a lead got, from its facts: won, an effective talk, a talk, our call, an accept. */
export const furthestStage = (lead: Item): number => {
  if (lead.outcome === 'won') return 5;
  if (lead.firstEffectiveAt) return 4;
  if (lead.firstContactAt) return 3;
  if (lead.firstAttemptAt) return 2;
  if (lead.acceptedAt) return 1;
  return 0;
};

export const storedInquiries = async (t: Pick<TestStack, 'leads'>) =>
  (await t.leads()).filter((lead) => lead.kind === 'inquiry');

const conversion = (count: number, previous: number) =>
  previous > 0 ? Math.round((1000 * count) / previous) / 10 : null;

/** The funnel of some leads, as GET /v1/metrics/funnel shows it. */
export const funnelOf = (leads: readonly Item[]) => {
  const counts = STAGES.map((_, i) => leads.filter((lead) => furthestStage(lead) >= i).length);
  return STAGES.map((stage, i) => ({
    stage,
    count: counts[i] ?? 0,
    conversionFromPrevious: i === 0 ? null : conversion(counts[i] ?? 0, counts[i - 1] ?? 0),
  }));
};

/** Leads, stages and groups recounted for creation days from..to, checked against the API. */
export const expectFunnelEqualsRecount = async (
  t: Pick<TestStack, 'leads' | 'api'>,
  from: string,
  to: string,
  options: { readonly perManager?: boolean } = {},
) => {
  const leads = (await storedInquiries(t)).filter((lead) => {
    const day = dayOf(lead.createdAt);
    return day >= from && day <= to;
  });
  const query = `from=${from}&to=${to}`;
  const total = await t.api('GET', `/v1/metrics/funnel?${query}`);
  const byChannel = await t.api('GET', `/v1/metrics/funnel?${query}&groupBy=channel`);
  expect(total.status).toBe(200);
  expect(total.body.stages).toEqual(funnelOf(leads));
  for (const group of byChannel.body.groups) {
    expect(group.stages, group.key).toEqual(
      funnelOf(leads.filter((lead) => lead.firstChannel === group.key)),
    );
  }
  if (options.perManager !== false) {
    const byManager = await t.api('GET', `/v1/metrics/funnel?${query}&groupBy=manager`);
    const managers = [...new Set(leads.flatMap((l) => (l.managerId ? [String(l.managerId)] : [])))];
    expect(byManager.body.groups.map((g: { key: string }) => g.key)).toEqual(managers.sort());
    for (const group of byManager.body.groups) {
      expect(group.stages, group.key).toEqual(
        funnelOf(leads.filter((lead) => lead.managerId === group.key)),
      );
      const one = await t.api('GET', `/v1/metrics/funnel?${query}&managerId=${group.key}`);
      expect(one.body.stages).toEqual(group.stages);
    }
  }
  return { leads, funnel: total.body.stages };
};

/**
 * Every won close, as the figures count it: each won lead's close, and each CRM deal added
 * beside a lead another deal won (a sale of its own: the lead's manager and client, the deal's
 * day, amount and currency).
 */
export const wonCloses = async (t: Pick<TestStack, 'leads' | 'items'>): Promise<Item[]> => {
  const leads = await t.leads();
  const byId = new Map(leads.map((lead) => [String(lead.id), lead]));
  const added = (await t.items('DEAL#', 'DEAL'))
    .filter((deal) => deal.effect === 'added')
    .map((deal) => ({
      ...deal,
      managerId: byId.get(String(deal.leadId))?.managerId,
    }));
  return [...leads.filter((lead) => lead.outcome === 'won'), ...added];
};

export type RecountedFacts = {
  leads: number;
  calls: number;
  effectiveConversations: number;
  won: number;
  /** RUB, in currency units. */
  revenue: number;
};

/** A month's facts per manager, from the stored leads and calls (days in Moscow). */
export const recountFacts = async (
  t: Pick<TestStack, 'leads' | 'items'>,
  month: string,
  managerIds: readonly string[],
): Promise<Map<string, RecountedFacts>> => {
  const leads = await storedInquiries(t);
  const calls = await t.items('CALL#', 'CALL');
  const won = (await wonCloses(t)).filter((close) => dayOf(close.closedAt).startsWith(month));
  return new Map(
    managerIds.map((id) => {
      const theirs = (list: Item[]) => list.filter((item) => item.managerId === id);
      const ended = theirs(calls).filter(
        (call) => call.classification && String(call.day).startsWith(month),
      );
      const wonByThem = theirs(won);
      return [
        id,
        {
          leads: theirs(leads).filter((lead) => dayOf(lead.createdAt).startsWith(month)).length,
          calls: ended.length,
          // The call item keeps its classification once (no copies of its outcome beside it).
          effectiveConversations: ended.filter(
            (call) => (call.classification as { effective?: boolean }).effective === true,
          ).length,
          won: wonByThem.length,
          revenue:
            wonByThem
              .filter((lead) => (lead.currency ?? 'RUB') === 'RUB')
              .reduce((sum, lead) => sum + Number(lead.amountMinor ?? 0), 0) / 100,
        },
      ];
    }),
  );
};

/** Won revenue (RUB, minor units) per contact in some months, from the stored leads and deals. */
export const recountClientRevenue = async (
  t: Pick<TestStack, 'leads' | 'items'>,
  months: readonly string[],
): Promise<Map<string, number>> => {
  const revenue = new Map<string, number>();
  for (const lead of await wonCloses(t)) {
    if ((lead.currency ?? 'RUB') !== 'RUB') continue;
    if (!months.includes(dayOf(lead.closedAt).slice(0, 7))) continue;
    const id = String(lead.contactId);
    revenue.set(id, (revenue.get(id) ?? 0) + Number(lead.amountMinor ?? 0));
  }
  return revenue;
};

/** A / B / C by the 80 / 95 rule, spelled out on its own: the client crossing a line is above it. */
export const splitAbc = (revenue: ReadonlyMap<string, number>, a = 80, b = 95) => {
  const sorted = [...revenue]
    .filter(([, r]) => r > 0)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  const total = sorted.reduce((sum, [, r]) => sum + r, 0);
  const result = new Map<string, 'A' | 'B' | 'C'>();
  let cumulative = 0;
  for (const [id, r] of sorted) {
    const share = (100 * cumulative) / total;
    result.set(id, share < a ? 'A' : share < b ? 'B' : 'C');
    cumulative += r;
  }
  return result;
};
