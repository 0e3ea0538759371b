import { beforeAll, describe, expect, it } from 'vitest';
import { createTestClock } from '../support/clock';
import { GENERIC_SECRET, genericCall, playCalls } from '../support/generic-telephony';
import { MESSENGER_SECRETS, postTelegram, telegramUpdate } from '../support/messengers';
import {
  expectFunnelEqualsRecount,
  recountClientRevenue,
  recountFacts,
  splitAbc,
} from '../support/month';
import { postForm, seedManager, seedSite } from '../support/seed';
import { type TestStack, useTestStack } from '../support/test-stack';

/** Three managers: Anna without hours (Mon–Fri), Boris 10–19 on weekdays, Vera 9–18 Mon–Sat. */
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const MANAGERS = {
  anna: { ext: '101' },
  boris: {
    ext: '102',
    workingHours: { days: Object.fromEntries(WEEKDAYS.map((d) => [d, [['10:00', '19:00']]])) },
  },
  vera: {
    ext: '103',
    workingHours: {
      days: Object.fromEntries([...WEEKDAYS, 'sat'].map((d) => [d, [['09:00', '18:00']]])),
    },
  },
} as const;
type ManagerId = keyof typeof MANAGERS;
const IDS = Object.keys(MANAGERS) as ManagerId[];

/** Moscow wall time of a date, as an ISO instant. */
const msk = (day: string, time: string) => new Date(`${day}T${time}:00+03:00`).toISOString();
/** The weekdays of 2–19 November 2026: fourteen days of leads. */
const NOVEMBER_DAYS = Array.from(
  { length: 18 },
  (_, i) => `2026-11-${String(i + 2).padStart(2, '0')}`,
).filter((day) => ![0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay()));
/** Friday 20 November, 20:00 in Moscow: Anna's day is not over, Boris's and Vera's are. */
const TODAY = '2026-11-20T17:00:00.000Z';

const phoneOf = (i: number) => `+7916300${String(i).padStart(4, '0')}`;

/** What becomes of the lead of the i-th day. */
const WON_BY_MANAGER = [0, 3, 8];
const LOST = [1, 5, 9, 12];
const WON_BY_DEAL = [2, 6, 11];
const NOT_ACCEPTED = [4, 9];

type Lead = { id: string; managerId?: string; contact: { id: string; phone?: string } };

const seedTeam = async (t: TestStack) => {
  await seedSite(t);
  const keys = new Map<string, string>();
  for (const id of IDS) {
    const { ext, ...extra } = MANAGERS[id];
    await seedManager(t, id, { name: id, extensions: [ext], ...extra });
    const created = await t.api('POST', '/v1/keys', { name: id, role: 'manager', managerId: id });
    keys.set(id, created.body.key);
  }
  const head = (await t.api('POST', '/v1/keys', { name: 'Head', role: 'head' })).body.key as string;
  return { keys, head };
};

/** The newest lead: the one an event just opened. */
const newestLead = async (t: TestStack): Promise<Lead> =>
  (await t.api('GET', '/v1/leads?limit=1')).body.items[0];

const formLead = async (t: TestStack, at: string, phone: string, name: string) => {
  t.clock.set(at);
  expect((await postForm(t, 'shop', { name, phone })).status).toBe(200);
  await t.drain();
  return newestLead(t);
};

describe('the head of sales’ month', () => {
  const t = useTestStack({
    clock: createTestClock('2026-10-01T06:00:00.000Z'),
    env: {
      GENERIC_TELEPHONY_SECRET: GENERIC_SECRET,
      TELEGRAM_SECRET_TOKEN: MESSENGER_SECRETS.TELEGRAM_SECRET_TOKEN,
    },
  });
  let keys: Map<string, string>;
  let head: string;
  const deals: Record<string, { status: number; body: Record<string, unknown> }> = {};
  const dealInputs: Record<string, Record<string, unknown>> = {};
  const leads: Lead[] = [];
  const october: Lead[] = [];

  /**
   * October: four clients won (the window a month earlier). November's weekdays: a form lead or
   * a Telegram lead each day, mostly accepted; the form leads called (a short talk, an
   * effective one, or not reached); a quarter won by the manager, a quarter lost, a quarter won
   * by the CRM's deal, a quarter open; calls with other clients every day; one lead reassigned
   * before anyone took it; deals that repeat, correct, replace or change nothing.
   */
  beforeAll(async () => {
    ({ keys, head } = await seedTeam(t));
    const octoberWins = [5_000_000, 3_000_000, 1_000_000, 500_000]; // minor units
    for (const [i, amount] of octoberWins.entries()) {
      const day = `2026-10-0${5 + i}`;
      const lead = await formLead(t, msk(day, '11:00'), phoneOf(900 + i), `Old client ${i}`);
      t.clock.set(msk(day, '16:00'));
      const closed = await t.api('POST', `/v1/leads/${lead.id}/close`, {
        outcome: 'won',
        amount: amount / 100,
      });
      expect(closed.status).toBe(200);
      october.push(lead);
    }

    for (const [i, day] of NOVEMBER_DAYS.entries()) {
      const form = i % 2 === 0;
      // Two of October's clients come back in November with new leads.
      const phone = i === 0 ? phoneOf(900) : i === 2 ? phoneOf(901) : phoneOf(i);
      let lead: Lead;
      if (form) {
        lead = await formLead(t, msk(day, '11:00'), phone, `Client ${i}`);
      } else {
        t.clock.set(msk(day, '11:00'));
        const update = telegramUpdate({ updateId: 5000 + i, fromId: 880_000 + i, text: 'Hi' });
        expect((await postTelegram(t, update)).status).toBe(200);
        await t.drain();
        lead = await newestLead(t);
      }
      if (i === 5) {
        // Not taken in time: the lead goes to another manager, who takes it.
        const first = lead.managerId;
        t.clock.set(msk(day, '11:03'));
        await t.runDueSla((m) => m.type === 'accept-check' && m.leadId === lead.id);
        lead = (await t.api('GET', `/v1/leads/${lead.id}`)).body;
        expect(lead.managerId).not.toBe(first);
      }
      const key = keys.get(lead.managerId ?? '');
      if (!NOT_ACCEPTED.includes(i)) {
        t.clock.set(msk(day, '11:05'));
        expect((await t.api('POST', `/v1/leads/${lead.id}/accept`, undefined, key)).status).toBe(
          200,
        );
      }
      const ext = MANAGERS[lead.managerId as ManagerId].ext;
      if (form) {
        await playCalls(
          t,
          genericCall(`lead-${i}`, {
            direction: 'outbound',
            customer: phone,
            start: msk(day, '11:30'),
            ringSeconds: 20,
            talkSeconds: [30, 95, 0][i % 3],
            extension: ext,
          }),
        );
      }
      // Other clients call in: one effective talk, one missed call.
      await playCalls(
        t,
        genericCall(`in-${i}`, {
          customer: `+7916400${String(i).padStart(4, '0')}`,
          start: msk(day, '12:00'),
          ringSeconds: 5,
          talkSeconds: 120,
          extension: MANAGERS[IDS[i % 3] as ManagerId].ext,
        }),
      );
      await playCalls(
        t,
        genericCall(`missed-${i}`, {
          customer: `+7916500${String(i).padStart(4, '0')}`,
          start: msk(day, '13:00'),
          ringSeconds: 30,
        }),
      );
      t.clock.set(msk(day, '17:00'));
      if (WON_BY_MANAGER.includes(i)) {
        const closed = await t.api(
          'POST',
          `/v1/leads/${lead.id}/close`,
          { outcome: 'won', amount: 10_000 + i * 1_000 + 0.5, reason: 'paid the invoice' },
          key,
        );
        expect(closed.status).toBe(200);
      } else if (LOST.includes(i)) {
        const closed = await t.api(
          'POST',
          `/v1/leads/${lead.id}/close`,
          { outcome: 'lost', reason: 'too expensive' },
          head,
        );
        expect(closed.status).toBe(200);
      } else if (WON_BY_DEAL.includes(i)) {
        const input = {
          dealId: `crm-${i}`,
          ...(form ? { phone: phone.replace('+7', '8 ') } : { leadId: lead.id }),
          outcome: 'won',
          amount: i === 6 ? 700 : 20_000 + i * 100,
          ...(i === 6 ? { currency: 'USD' } : {}),
          closedAt: `${day}T18:00:00+03:00`,
        };
        const deal = await t.api('POST', '/v1/deals', input, head);
        expect(deal.status).toBe(200);
        deals[input.dealId] = deal;
        dealInputs[input.dealId] = input;
      }
      leads.push(lead);
    }

    // The CRM again: the same deal twice, a correction of a manager's win, a lost lead won
    // after all, a lost deal on a won lead (changes nothing).
    t.clock.set('2026-11-19T15:00:00Z');
    deals.again = await t.api('POST', '/v1/deals', dealInputs['crm-2'], head);
    deals.repeat = await t.api(
      'POST',
      '/v1/deals',
      { dealId: 'crm-2', leadId: leads[2]?.id, outcome: 'lost' },
      head,
    );
    deals.correction = await t.api(
      'POST',
      '/v1/deals',
      {
        dealId: 'crm-fix-0',
        leadId: leads[0]?.id,
        outcome: 'won',
        amount: 15_000,
        closedAt: '2026-11-03T10:00:00+03:00',
      },
      head,
    );
    deals.afterAll = await t.api(
      'POST',
      '/v1/deals',
      { dealId: 'crm-late-1', leadId: leads[1]?.id, outcome: 'won', amount: 42_000.42 },
      head,
    );
    deals.lostOnWon = await t.api(
      'POST',
      '/v1/deals',
      { dealId: 'crm-lost-8', leadId: leads[8]?.id, outcome: 'lost' },
      head,
    );
    t.clock.set(TODAY);
  }, 240_000);

  it('records each CRM deal once, answers a repeat as the first time, and says what it did', async () => {
    expect(deals['crm-2']?.body).toMatchObject({
      dealId: 'crm-2',
      leadId: leads[2]?.id,
      effect: 'closed',
    });
    expect([deals.again?.status, deals.again?.body]).toEqual([200, deals['crm-2']?.body]);
    expect(deals.repeat?.body).toEqual(deals['crm-2']?.body);
    expect(deals.correction?.body).toMatchObject({ effect: 'replaced', amount: 15_000 });
    expect(deals.afterAll?.body).toMatchObject({
      effect: 'replaced',
      amount: 42_000.42,
      currency: 'RUB',
    });
    expect(deals.lostOnWon?.body).toMatchObject({ effect: 'unchanged', outcome: 'lost' });

    const corrected = (await t.api('GET', `/v1/leads/${leads[0]?.id}`)).body;
    expect(corrected).toMatchObject({
      status: 'closed',
      outcome: 'won',
      amount: 15_000,
      currency: 'RUB',
      closedAt: '2026-11-03T07:00:00.000Z',
      dealId: 'crm-fix-0',
    });
    expect(corrected.reason).toBeUndefined();
    expect((await t.api('GET', `/v1/leads/${leads[1]?.id}`)).body).toMatchObject({
      outcome: 'won',
      amount: 42_000.42,
    });
    expect((await t.api('GET', `/v1/leads/${leads[8]?.id}`)).body).toMatchObject({
      outcome: 'won',
      amount: 18_000.5,
      reason: 'paid the invoice',
    });
  });

  it('answers the month’s plan with facts equal to a recount and forecasts at the pace so far', async () => {
    const put = await t.api(
      'PUT',
      '/v1/plans/2026-11',
      {
        managers: {
          anna: { leads: 10, calls: 20, effectiveConversations: 10, won: 4, revenue: 100_000 },
          boris: { calls: 12, revenue: 50_000.5 },
        },
        team: { won: 12 },
      },
      head,
    );
    const got = await t.api('GET', '/v1/plans/2026-11', undefined, head);
    const facts = await recountFacts(t, '2026-11', IDS);

    expect(put.status).toBe(200);
    expect(got.status).toBe(200);
    expect({ ...got.body, asOf: undefined }).toEqual({ ...put.body, asOf: undefined });
    // Working days of November (21 weekdays; Vera also works 4 Saturdays) at Friday 20:00:
    // Anna's Friday is not over (no hours: at midnight), Boris's and Vera's are.
    const days = { anna: [21, 14, 7], boris: [21, 15, 6], vera: [25, 17, 8] } as const;
    const plans: Record<string, Record<string, number>> = {
      anna: { leads: 10, calls: 20, effectiveConversations: 10, won: 4, revenue: 100_000 },
      boris: { calls: 12, revenue: 50_000.5 },
    };
    for (const id of IDS) {
      const [working, elapsed, remaining] = days[id];
      expect(got.body.workingDays[id]).toEqual({ working, elapsed, remaining });
      const recounted = facts.get(id) as Record<string, number>;
      for (const [target, fact] of Object.entries(recounted)) {
        const plan = plans[id]?.[target] ?? null;
        const minor = target === 'revenue' ? 100 : 1;
        const whole = Math.round(fact * minor);
        const expected = Math.round(whole + (whole / elapsed) * remaining) / minor;
        expect(got.body.managers[id][target], `${id} ${target}`).toEqual({
          plan,
          fact,
          percent: plan ? Math.round((1000 * fact) / plan) / 10 : null,
          forecast: expected,
        });
      }
    }
    const teamFact = (target: string) =>
      IDS.reduce((sum, id) => sum + ((facts.get(id) as Record<string, number>)[target] ?? 0), 0);
    expect(got.body.team.calls).toMatchObject({ plan: 32, fact: teamFact('calls') });
    expect(got.body.team.won).toMatchObject({ plan: 12, fact: teamFact('won') });
    expect(got.body.team.leads.fact).toBe(teamFact('leads'));
    expect(got.body.team.revenue.fact).toBeCloseTo(teamFact('revenue'), 2);
    expect(got.body.team.calls.forecast).toBe(
      IDS.reduce((sum, id) => sum + got.body.managers[id].calls.forecast, 0),
    );
    // The facts are not trivial: every kind of fact happened.
    for (const target of ['leads', 'calls', 'effectiveConversations', 'won', 'revenue']) {
      expect(teamFact(target), target).toBeGreaterThan(0);
    }
    // The USD deal is reported apart, never added to rubles.
    const usdManager = (await t.api('GET', `/v1/leads/${leads[6]?.id}`)).body.managerId;
    expect(got.body.otherCurrencies).toEqual({ [usdManager]: { USD: 700 } });
    expect(got.body.currency).toBe('RUB');
  });

  it('answers October, a month behind, with forecasts equal to its facts', async () => {
    const got = await t.api('GET', '/v1/plans/2026-10', undefined, head);
    const facts = await recountFacts(t, '2026-10', IDS);

    for (const id of IDS) {
      expect(got.body.managers[id].won).toEqual({
        plan: null,
        fact: facts.get(id)?.won,
        percent: null,
        forecast: facts.get(id)?.won,
      });
    }
    expect(got.body.team.revenue.fact).toBe(95_000);
  });

  it('counts the funnel of the month’s leads as a recount of their stages, by channel and manager', async () => {
    const { leads: recounted, funnel } = await expectFunnelEqualsRecount(
      t,
      '2026-11-01',
      '2026-11-30',
    );

    expect(recounted).toHaveLength(NOVEMBER_DAYS.length);
    // 14 leads; one never accepted nor called; a Telegram lead only accepted or lost; the form
    // leads all called; one lost after a short talk; seven won.
    expect(funnel.map((stage: { count: number }) => stage.count)).toEqual([14, 13, 10, 10, 9, 7]);
    await expectFunnelEqualsRecount(t, '2026-10-01', '2026-10-31');
    await expectFunnelEqualsRecount(t, '2026-11-09', '2026-11-13');
  });

  it('splits clients into A, B and C by a year’s won revenue, with their moves since a month earlier', async () => {
    const window = [
      '2025-12',
      ...Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
    ];
    const previous = ['2025-11', ...window.slice(0, 11)];
    const now = splitAbc(await recountClientRevenue(t, window));
    const before = splitAbc(await recountClientRevenue(t, previous));
    const revenue = await recountClientRevenue(t, window);

    const got = await t.api('GET', '/v1/metrics/clients?asOf=2026-11-20', undefined, head);

    expect(got.status).toBe(200);
    expect(got.body.window).toEqual({ from: '2025-12', to: '2026-11' });
    expect(got.body.previousWindow).toEqual({ from: '2025-11', to: '2026-10' });
    expect(got.body.thresholds).toEqual({ a: 80, b: 95 });
    expect(
      got.body.clients.map((c: Record<string, unknown>) => [
        c.contactId,
        c.category,
        c.previousCategory,
        c.revenue,
      ]),
    ).toEqual(
      [...now].map(([id, category]) => [
        id,
        category,
        before.get(id) ?? null,
        (revenue.get(id) ?? 0) / 100,
      ]),
    );
    const migration: Record<string, number> = {};
    for (const [id, category] of now) {
      const key = `${before.get(id) ?? 'new'}→${category}`;
      migration[key] = (migration[key] ?? 0) + 1;
    }
    for (const [id, category] of before) {
      if (!now.has(id)) migration[`${category}→none`] = (migration[`${category}→none`] ?? 0) + 1;
    }
    expect(got.body.migration).toEqual(migration);
    for (const category of ['A', 'B', 'C'] as const) {
      const ids = [...now].filter(([, c]) => c === category).map(([id]) => id);
      expect(got.body.categories[category]).toEqual({
        clients: ids.length,
        revenue: ids.reduce((sum, id) => sum + (revenue.get(id) ?? 0), 0) / 100,
      });
    }
    // October's biggest client came back and won again: it stays in A; the smallest fell to C.
    expect(now.get(october[0]?.contact.id ?? '')).toBe('A');
    expect(now.get(october[3]?.contact.id ?? '')).toBe('C');
    expect(got.body.migration).toMatchObject({ 'A→A': 2, 'new→A': 3, 'B→C': 1 });
  });

  it('keeps the categories company-wide when one manager’s clients are asked for', async () => {
    const all = (await t.api('GET', '/v1/metrics/clients?asOf=2026-11-20', undefined, head)).body;
    const contacts = await t.contacts();
    for (const id of IDS) {
      const mine = (
        await t.api('GET', `/v1/metrics/clients?asOf=2026-11-20&managerId=${id}`, undefined, head)
      ).body;
      const owned = new Set(contacts.filter((c) => c.ownerId === id).map((c) => c.id));
      expect(mine.clients).toEqual(
        all.clients.filter((c: { contactId: string }) => owned.has(c.contactId)),
      );
      expect(mine.clients.every((c: { managerId: string }) => c.managerId === id)).toBe(true);
    }
  });
});
