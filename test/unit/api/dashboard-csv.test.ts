import { describe, expect, it } from 'vitest';
import { clientsCsv, funnelCsv, planCsv } from '../../../functions/api/dashboard/browser/month-csv';
import type { Clients, Funnel, PlanProgress } from '../../../functions/api/dashboard/browser/types';
import { csvRecords } from '../../support/csv';

const progress = (plan: number | null, fact: number, forecast: number | null) => ({
  plan,
  fact,
  percent: plan ? Math.round((1000 * fact) / plan) / 10 : null,
  forecast,
});
const targets = {
  leads: progress(10, 4, 8),
  calls: progress(null, 30, 60),
  effectiveConversations: progress(null, 12, 24),
  won: progress(4, 1, 2),
  revenue: progress(100_000, 25_000.5, 50_001),
};
const PLAN: PlanProgress = {
  month: '2026-11',
  timeZone: 'Europe/Moscow',
  currency: 'RUB',
  asOf: '2026-11-13T12:00:00.000Z',
  managers: { anna: targets },
  team: targets,
  workingDays: { anna: { working: 21, elapsed: 9, remaining: 12 } },
  otherCurrencies: {},
  updatedAt: null,
};

const stages = (...counts: number[]): Funnel['stages'] =>
  (
    [
      'leads',
      'accepted',
      'firstAttempt',
      'firstConversation',
      'effectiveConversation',
      'won',
    ] as const
  ).map((stage, i) => ({
    stage,
    count: counts[i] ?? 0,
    conversionFromPrevious: i === 0 ? null : 50,
  }));

describe('the month’s CSV files made in the browser', () => {
  it('writes the plan like the API’s exports: BOM, CRLF, a row per manager and target, the team last', () => {
    const text = planCsv(PLAN, new Map([['anna', '=HYPERLINK("x")']]));
    const rows = csvRecords(text);

    expect(text.startsWith('\uFEFFmonth,managerId,manager,target,')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(12);
    expect(rows).toHaveLength(10);
    expect(rows[4]).toEqual({
      month: '2026-11',
      managerId: 'anna',
      manager: `'=HYPERLINK("x")`,
      target: 'revenue',
      plan: '100000',
      fact: '25000.5',
      percent: '25',
      forecast: '50001',
      currency: 'RUB',
    });
    expect(rows[5]).toMatchObject({ managerId: '', manager: 'team', target: 'leads', plan: '10' });
    expect(rows[1]).toMatchObject({ target: 'calls', plan: '', percent: '' });
  });

  it('writes the funnel of all leads, then each channel and each manager', () => {
    const byChannel: Funnel = {
      from: '2026-11-01',
      to: '2026-11-30',
      timeZone: 'Europe/Moscow',
      stages: stages(4, 2),
      groups: [{ key: 'form', stages: stages(3, 2) }],
    };
    const byManager: Funnel = { ...byChannel, groups: [{ key: 'anna', stages: stages(4, 2) }] };

    const rows = csvRecords(funnelCsv(byChannel, byManager));

    expect(rows).toHaveLength(18);
    expect(rows[0]).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      groupBy: 'all',
      key: '',
      stage: 'leads',
      count: '4',
      conversionFromPrevious: '',
    });
    expect(rows[7]).toMatchObject({
      groupBy: 'channel',
      key: 'form',
      stage: 'accepted',
      count: '2',
    });
    expect(rows[12]).toMatchObject({ groupBy: 'manager', key: 'anna', stage: 'leads' });
  });

  it('writes the clients with their categories, a name with a comma quoted', () => {
    const clients: Clients = {
      asOf: '2026-11-20',
      months: 12,
      window: { from: '2025-12', to: '2026-11' },
      previousWindow: { from: '2025-11', to: '2026-10' },
      currency: 'RUB',
      thresholds: { a: 80, b: 95 },
      categories: {
        A: { clients: 1, revenue: 900 },
        B: { clients: 0, revenue: 0 },
        C: { clients: 0, revenue: 0 },
      },
      migration: { 'new→A': 1 },
      clients: [
        {
          contactId: 'c-1',
          name: 'Smith, Anna',
          category: 'A',
          previousCategory: null,
          revenue: 900.5,
          managerId: 'anna',
        },
      ],
    };

    const text = clientsCsv(clients);

    expect(text).toContain('"Smith, Anna"');
    expect(csvRecords(text)).toEqual([
      {
        asOf: '2026-11-20',
        windowFrom: '2025-12',
        windowTo: '2026-11',
        contactId: 'c-1',
        name: 'Smith, Anna',
        category: 'A',
        previousCategory: '',
        revenue: '900.5',
        currency: 'RUB',
        managerId: 'anna',
      },
    ]);
  });
});
