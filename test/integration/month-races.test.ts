import { describe, expect, it } from 'vitest';
import type { LeadWrites } from '../../shared/ports';
import { createTestClock } from '../support/clock';
import { GENERIC_SECRET, genericCall, playCalls } from '../support/generic-telephony';
import { expectFunnelEqualsRecount } from '../support/month';
import { deactivateManagers, postForm, seedManager, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

/**
 * A manager's accept or close and a call's record reach the same lead at the same moment: the
 * call moves the lead's funnel between the API's read and its write. Staged exactly: the API's
 * write first lets the call run to its end, then goes on.
 */
describe('the funnel under racing writes', () => {
  const before: { accept?: () => Promise<unknown>; close?: () => Promise<unknown> } = {};
  const once = (name: keyof typeof before) => async () => {
    const run = before[name];
    before[name] = undefined;
    await run?.();
  };
  const t = useTestStack({
    clock: createTestClock('2026-11-02T07:00:00.000Z'),
    env: { GENERIC_TELEPHONY_SECRET: GENERIC_SECRET },
    decorateApi: (deps) => {
      const writes: LeadWrites = {
        ...deps.leadWrites,
        accept: async (...args) => {
          await once('accept')();
          return deps.leadWrites.accept(...args);
        },
        close: async (...args) => {
          await once('close')();
          return deps.leadWrites.close(...args);
        },
      };
      return { ...deps, leadWrites: writes };
    },
  });

  /** A form lead at 10:00 Moscow on `day`, given to Anna (the only manager on duty). */
  const leadOn = async (day: string, phone: string) => {
    await seedSite(t);
    await deactivateManagers(t);
    await seedManager(t, 'anna', { extensions: ['101'] });
    t.clock.set(`${day}T07:00:00.000Z`);
    await postForm(t, 'shop', { name: 'Client', phone });
    await t.drain();
    const leads = (await t.api('GET', `/v1/leads?from=${day}&to=${day}&limit=100`)).body.items;
    return leads.find((l: { contact: { phone?: string } }) => l.contact.phone === phone) as {
      id: string;
    };
  };
  const callBy = (id: string, phone: string, start: string, talkSeconds: number) =>
    playCalls(
      t,
      genericCall(id, {
        direction: 'outbound',
        customer: phone,
        start,
        ringSeconds: 5,
        talkSeconds,
        extension: '101',
      }),
    );
  const counts = async (day: string) =>
    (await t.api('GET', `/v1/metrics/funnel?from=${day}&to=${day}`)).body.stages.map(
      (s: { count: number }) => s.count,
    );

  it('counts the accept once when a call reached the lead between the accept’s read and write', async () => {
    const lead = await leadOn('2026-11-02', '+79162220001');
    before.accept = () => callBy('race-accept', '+79162220001', '2026-11-02T07:01:00.000Z', 90);

    t.clock.set('2026-11-02T07:05:00.000Z');
    const accepted = await t.api('POST', `/v1/leads/${lead.id}/accept`);

    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect(await counts('2026-11-02')).toEqual([1, 1, 1, 1, 1, 0]);
    const leads = (await t.api('GET', '/v1/metrics/leads?from=2026-11-02&to=2026-11-02')).body;
    expect(leads.totals.accepted).toBe(1);
    await expectFunnelEqualsRecount(t, '2026-11-02', '2026-11-02');
  });

  it('counts a win’s stages once when a call moved the funnel between the close’s read and write', async () => {
    const lead = await leadOn('2026-11-03', '+79162220002');
    before.close = () => callBy('race-close', '+79162220002', '2026-11-03T07:01:00.000Z', 30);

    t.clock.set('2026-11-03T07:05:00.000Z');
    const closed = await t.api('POST', `/v1/leads/${lead.id}/close`, {
      outcome: 'won',
      amount: 99,
    });

    expect(closed.status).toBe(200);
    expect(await counts('2026-11-03')).toEqual([1, 1, 1, 1, 1, 1]);
    await expectFunnelEqualsRecount(t, '2026-11-03', '2026-11-03');
  });

  it('lets a CRM deal that closed the lead first win over a manager’s close, counted once', async () => {
    const lead = await leadOn('2026-11-04', '+79162220003');
    const anna = async () => (await t.api('GET', '/v1/plans/2026-11')).body.managers.anna;
    const earlier = await anna();
    before.close = () =>
      t.api('POST', '/v1/deals', {
        dealId: 'race-deal',
        leadId: lead.id,
        outcome: 'won',
        amount: 700,
      });

    t.clock.set('2026-11-04T07:05:00.000Z');
    const closed = await t.api('POST', `/v1/leads/${lead.id}/close`, { outcome: 'won', amount: 5 });

    expect(closed).toMatchObject({ status: 409, body: { error: 'conflict' } });
    expect((await t.api('GET', `/v1/leads/${lead.id}`)).body).toMatchObject({
      outcome: 'won',
      amount: 700,
      dealId: 'race-deal',
    });
    const now = await anna();
    expect(now.won.fact - earlier.won.fact).toBe(1);
    expect(now.revenue.fact - earlier.revenue.fact).toBe(700);
    expect(await counts('2026-11-04')).toEqual([1, 1, 1, 1, 1, 1]);
  });
});
