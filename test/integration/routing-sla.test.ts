import { describe, expect, it } from 'vitest';
import { signGeneric } from '../../local/signers/generic';
import type { SlaMessage } from '../../shared/domain/messages';
import { deactivateManagers, postForm, seedManager, seedSite } from '../support/seed';
import { type TestStack, useTestStack } from '../support/test-stack';

const leadOf = async (t: TestStack, phone: string) => {
  const leads = await t.api('GET', '/v1/leads?limit=100');
  return leads.body.items.find(
    (lead: { contact: { phone: string } }) => lead.contact.phone === phone,
  );
};

const newLead = async (t: TestStack, phone: string) => {
  expect((await postForm(t, 'shop', { name: 'Client', phone })).status).toBe(200);
  await t.drain();
  return leadOf(t, phone);
};

const managerKey = async (t: TestStack, managerId: string) =>
  (await t.api('POST', '/v1/keys', { name: managerId, role: 'manager', managerId })).body
    .key as string;

describe('accept deadlines', () => {
  const t = useTestStack();

  it('moves a lead not accepted in 120 s to the next manager and announces it', async () => {
    await seedSite(t);
    await seedManager(t, 'a');
    await seedManager(t, 'b');
    t.clock.set('2026-12-01T07:00:00.000Z'); // a day of its own for the lead metrics below
    const lead = await newLead(t, '+79997000001');
    const first = lead.managerId;
    await t.takeMessages('assignments');
    const itsChecks = (m: SlaMessage) => m.type === 'accept-check' && m.leadId === lead.id;

    t.clock.advance(119_000);
    await t.runDueSla(itsChecks);
    expect((await leadOf(t, '+79997000001')).managerId).toBe(first);

    t.clock.advance(1_000);
    await t.runDueSla(itsChecks);

    const moved = await leadOf(t, '+79997000001');
    expect(moved).toMatchObject({ status: 'assigned' });
    expect(moved.managerId).not.toBe(first);
    const announced = (await t.takeMessages('assignments')).filter((m) => m.leadId === lead.id);
    expect(announced).toEqual([
      expect.objectContaining({
        type: 'lead.reassigned',
        leadId: lead.id,
        managerId: moved.managerId,
      }),
    ]);
    const detail = await t.api('GET', `/v1/leads/${lead.id}`);
    expect(
      detail.body.assignments.map((a: { managerId: string; type: string }) => [
        a.type,
        a.managerId,
      ]),
    ).toEqual([
      ['assigned', first],
      ['reassigned', moved.managerId],
    ]);
    const metrics = await t.api(
      'GET',
      '/v1/metrics/leads?from=2026-12-01&to=2026-12-01&groupBy=manager',
    );
    expect(metrics.body.totals).toMatchObject({ reassigned: 1, offersNotAnswered: 1 });
    expect(metrics.body.groups.find((g: { key: string }) => g.key === first)).toMatchObject({
      offersNotAnswered: 1,
      leads: 0, // moved on with the lead, as the funnel and the plan count it
    });
    expect(
      metrics.body.groups.find((g: { key: string }) => g.key === moved.managerId),
    ).toMatchObject({ leads: 1, byChannel: expect.objectContaining({ form: 1 }) });
    const own = await t.api(
      'GET',
      `/v1/metrics/leads?from=2026-12-01&to=2026-12-01&managerId=${moved.managerId}`,
    );
    expect(own.body.totals).toMatchObject({ leads: 1 });
  });

  it('gives exactly one owner when the accept and the reassignment race, 50 times out of 50', async () => {
    await seedSite(t);
    await seedManager(t, 'a');
    await seedManager(t, 'b');
    const keys = { a: await managerKey(t, 'a'), b: await managerKey(t, 'b') };
    const leads = [];
    for (let n = 0; n < 50; n++)
      leads.push(await newLead(t, `+7999701${String(n).padStart(4, '0')}`));
    t.clock.advance(121_000); // every accept deadline has passed

    // Each lead: its manager accepts while its deadline check runs, started a few event-loop
    // turns apart (0–24) so that either may reach DynamoDB first.
    const turns = async (n: number) => {
      for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    const accepts = await Promise.all(
      leads.map(async (lead, n) => {
        const [response] = await Promise.all([
          turns(n % 25).then(() =>
            t.api(
              'POST',
              `/v1/leads/${lead.id}/accept`,
              undefined,
              keys[lead.managerId as 'a' | 'b'],
            ),
          ),
          t.runDueSla((m) => m.type === 'accept-check' && m.leadId === lead.id),
        ]);
        return response;
      }),
    );

    for (const [i, lead] of leads.entries()) {
      const now = (await t.api('GET', `/v1/leads/${lead.id}`)).body;
      const accepted = accepts[i]?.status === 200;
      if (accepted) {
        expect(now).toMatchObject({ status: 'accepted', managerId: lead.managerId });
        expect(now.assignments).toHaveLength(1);
      } else {
        expect([403, 409]).toContain(accepts[i]?.status); // no longer theirs, or lost the race
        expect(now.status).toBe('assigned');
        expect(now.managerId).not.toBe(lead.managerId);
        expect(now.assignments).toHaveLength(2);
      }
    }
    const managers = (await t.api('GET', '/v1/managers')).body.items;
    const open = managers.reduce((sum: number, m: { openLeads: number }) => sum + m.openLeads, 0);
    expect(open).toBe((await t.leads()).filter((l) => l.status !== 'closed' && l.managerId).length);
  });
});

describe('working hours', () => {
  const t = useTestStack();
  const weekdays = {
    days: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]]),
    ),
  };

  it('offers a lead that arrives at 22:00 at 09:00 the next working day, and starts its clock there', async () => {
    await seedSite(t);
    await deactivateManagers(t);
    await seedManager(t, 'day', { workingHours: weekdays });
    t.clock.set('2026-11-26T19:00:00.000Z'); // Thursday 22:00 in Moscow

    const night = await newLead(t, '+79997100001');
    expect(night).toMatchObject({ status: 'new' });
    expect(t.sla.scheduled).toContainEqual(
      expect.objectContaining({
        type: 'assign-waiting',
        team: 'acquisition',
        dueAt: '2026-11-27T06:00:00.000Z',
      }),
    );

    t.clock.set('2026-11-27T05:59:59.000Z');
    await t.runDueSla();
    expect(await leadOf(t, '+79997100001')).toMatchObject({ status: 'new' });
    t.clock.set('2026-11-27T06:00:00.000Z');
    await t.runDueSla();

    const offered = await leadOf(t, '+79997100001');
    expect(offered).toMatchObject({ status: 'assigned', managerId: 'day' });
    expect(offered.assignedAt.slice(0, 16)).toBe('2026-11-27T06:00');
    t.clock.set('2026-11-27T06:01:30.000Z');
    const key = await managerKey(t, 'day');
    expect((await t.api('POST', `/v1/leads/${night.id}/accept`, undefined, key)).status).toBe(200);
    const metrics = await t.api('GET', '/v1/metrics/leads?from=2026-11-26&to=2026-11-26');
    expect(metrics.body.totals.timeToAccept).toMatchObject({ count: 1, within5Minutes: 1 });
    expect(metrics.body.totals.timeToAccept.p50Seconds).toBeLessThanOrEqual(120);
  });

  it('offers the waiting leads oldest first as soon as a manager becomes active', async () => {
    await seedSite(t);
    await deactivateManagers(t);
    await seedManager(t, 'day', { workingHours: weekdays });
    t.clock.set('2026-11-28T10:00:00.000Z'); // Saturday: nobody works
    const older = await newLead(t, '+79997100002');
    t.clock.advance(60_000);
    const newer = await newLead(t, '+79997100003');
    expect([older.status, newer.status]).toEqual(['new', 'new']);

    await seedManager(t, 'weekend', { workingHours: undefined });
    await t.runDueSla();

    const [a, b] = [await leadOf(t, '+79997100002'), await leadOf(t, '+79997100003')];
    expect([a.status, b.status]).toEqual(['assigned', 'assigned']);
    expect(a.assignedAt < b.assignedAt).toBe(true);
  });
});

describe('strategies', () => {
  const t = useTestStack();

  it('spreads 100 leads over four managers of weights 1, 1, 2, 4 within one of 12.5, 12.5, 25, 50', async () => {
    await seedSite(t);
    expect(
      (await t.api('PUT', '/v1/routing/acquisition', { strategy: 'round-robin' })).status,
    ).toBe(200);
    const since = t.clock.peek().toISOString();
    for (const [id, weight] of [
      ['w1', 1],
      ['w2', 1],
      ['w3', 2],
      ['w4', 4],
    ] as const) {
      await seedManager(t, id, { weight });
    }
    for (let n = 0; n < 100; n++) {
      await postForm(t, 'shop', { name: 'Bulk', phone: `+7999720${String(n).padStart(4, '0')}` });
    }
    await t.drain();

    const counts: Record<string, number> = {};
    for (const lead of (await t.leads()).filter((l) => String(l.createdAt) >= since))
      counts[String(lead.managerId)] = (counts[String(lead.managerId)] ?? 0) + 1;
    expect(Math.abs((counts.w1 ?? 0) - 12.5)).toBeLessThanOrEqual(1);
    expect(Math.abs((counts.w2 ?? 0) - 12.5)).toBeLessThanOrEqual(1);
    expect(Math.abs((counts.w3 ?? 0) - 25)).toBeLessThanOrEqual(1);
    expect(Math.abs((counts.w4 ?? 0) - 50)).toBeLessThanOrEqual(1);
  });

  it('under least-loaded, always gives a lead to a manager with the fewest open leads', async () => {
    await seedSite(t);
    for (const id of ['w1', 'w2', 'w3', 'w4']) await seedManager(t, id);
    expect(
      (await t.api('PUT', '/v1/routing/acquisition', { strategy: 'least-loaded' })).status,
    ).toBe(200);
    // Give each manager two leads, then close both of w4's and one of w3's so loads differ.
    for (let n = 0; n < 8; n++) await newLead(t, `+7999722${String(n).padStart(4, '0')}`);
    const open = (await t.leads()).filter((l) => l.status !== 'closed');
    const toClose = [
      ...open.filter((l) => l.managerId === 'w4').slice(0, 2),
      ...open.filter((l) => l.managerId === 'w3').slice(0, 1),
    ];
    for (const lead of toClose)
      await t.api('POST', `/v1/leads/${String(lead.id)}/close`, { outcome: 'lost' });

    for (let n = 0; n < 20; n++) {
      const loads = Object.fromEntries(
        (await t.api('GET', '/v1/managers')).body.items.map(
          (m: { id: string; openLeads: number }) => [m.id, m.openLeads],
        ),
      );
      const lead = await newLead(t, `+7999721${String(n).padStart(4, '0')}`);
      const fewest = Math.min(...(Object.values(loads) as number[]));
      expect(loads[lead.managerId]).toBe(fewest);
    }
    const policies = await t.api('GET', '/v1/routing');
    expect(policies.body.items).toContainEqual({ team: 'acquisition', strategy: 'least-loaded' });
  });
});

describe('speed to lead', () => {
  const t = useTestStack({ env: { GENERIC_TELEPHONY_SECRET: 'generic-secret-0123456789' } });

  const call = async (callId: string, event: Record<string, unknown>) => {
    const body = JSON.stringify({
      callId,
      direction: 'outbound',
      from: '+74950000000',
      to: '+79997300001',
      extension: '101',
      ...event,
    });
    t.clock.set(String(event.at));
    const response = await t.request('/v1/telephony/generic', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...signGeneric(body, 'generic-secret-0123456789', t.clock.peek()),
      },
      body,
    });
    expect(response.status).toBe(200);
  };

  it('measures time to accept, to the first call and to the first conversation, as p50/p90 and shares within 5/15/60 minutes', async () => {
    await seedSite(t);
    await seedManager(t, 'anna', { extensions: ['101'] });
    t.clock.set('2026-11-25T07:00:00.000Z');
    const lead = await newLead(t, '+79997300001');
    t.clock.set('2026-11-25T07:03:00.000Z');
    await t.api('POST', `/v1/leads/${lead.id}/accept`, undefined, await managerKey(t, 'anna'));

    // The later call is delivered first (calls go in parallel, providers deliver late): the
    // earlier one, arriving after, still becomes the first attempt, counted once.
    await call('speed-2', { eventId: 's2', event: 'started', at: '2026-11-25T07:20:00.000Z' });
    await call('speed-2', { eventId: 'a2', event: 'answered', at: '2026-11-25T07:20:10.000Z' });
    await call('speed-2', {
      eventId: 'e2',
      event: 'ended',
      at: '2026-11-25T07:23:10.000Z',
      disposition: 'answered',
      talkSeconds: 180,
    });
    await t.drain();
    await call('speed-1', { eventId: 's1', event: 'started', at: '2026-11-25T07:04:00.000Z' });
    await call('speed-1', {
      eventId: 'e1',
      event: 'ended',
      at: '2026-11-25T07:04:30.000Z',
      disposition: 'no-answer',
      talkSeconds: 0,
    });
    await t.drain();

    const metrics = await t.api('GET', '/v1/metrics/leads?from=2026-11-25&to=2026-11-25');
    expect(metrics.body.totals).toMatchObject({
      leads: 1,
      newContacts: 1,
      byChannel: expect.objectContaining({ form: 1 }),
      accepted: 1,
      timeToAccept: { count: 1, within5Minutes: 1, within15Minutes: 1, within60Minutes: 1 },
      timeToFirstAttempt: { count: 1, within5Minutes: 1, within15Minutes: 1, within60Minutes: 1 },
      timeToFirstContact: { count: 1, within5Minutes: 0, within15Minutes: 0, within60Minutes: 1 },
    });
    const anna = await t.api(
      'GET',
      '/v1/metrics/leads?from=2026-11-25&to=2026-11-25&managerId=anna',
    );
    expect(anna.body.totals.timeToFirstAttempt).toMatchObject({ count: 1, within5Minutes: 1 });
    expect(metrics.body.totals.timeToAccept.p50Seconds).toBeGreaterThanOrEqual(120);
    expect(metrics.body.totals.timeToAccept.p50Seconds).toBeLessThanOrEqual(300);

    // The lead shows its own facts: the earlier call's start, the later call's answer.
    const detail = await t.api('GET', `/v1/leads/${lead.id}`);
    expect(detail.body).toMatchObject({
      firstAttemptAt: '2026-11-25T07:04:00.000Z',
      firstContactAt: '2026-11-25T07:20:10.000Z',
      firstEffectiveAt: '2026-11-25T07:20:10.000Z',
    });
  });

  it('counts new contacts, repeat touches and duplicates merged by reason', async () => {
    await seedSite(t);
    t.clock.set('2026-11-24T07:00:00.000Z');
    await newLead(t, '+79997300002');
    t.clock.set('2026-11-24T08:00:00.000Z');
    await postForm(t, 'shop', {
      name: 'Again',
      phone: '+79997300002',
      message: 'one more thing',
      tranid: 't-1',
    });
    await postForm(t, 'shop', {
      name: 'Again',
      phone: '+79997300002',
      message: 'one more thing',
      tranid: 't-1',
    });
    await t.drain();
    // SQS dropped the second copy itself; a copy arriving after its 5-minute window is ours to drop.
    t.clock.advance(10 * 60_000);
    await t.stack.consumers.router.handler({
      Records: [
        {
          messageId: 'late-copy',
          receiptHandle: 'r',
          body: JSON.stringify({
            kind: 'lead',
            eventId: 'form:shop:browser:tranid:t-1', // the posts above came from a browser
            channel: 'form',
            receivedAt: t.clock.peek().toISOString(),
            dedupeWindowSeconds: 8 * 86_400,
            source: { siteKey: 'shop' },
            contact: { phone: '+79997300002' },
          }),
          attributes: { MessageGroupId: 'g' },
        } as never,
      ],
    });

    const metrics = await t.api('GET', '/v1/metrics/leads?from=2026-11-24&to=2026-11-24');
    expect(metrics.body.totals).toMatchObject({
      leads: 1,
      newContacts: 1,
      repeatTouches: 1,
      duplicatesMerged: { sameEvent: 1, openLead: 1, crossChannel: 0 },
    });
  });

  it('keeps manager keys away from every metric', async () => {
    await seedManager(t, 'anna', { extensions: ['101'] });
    const key = await managerKey(t, 'anna');
    expect(
      (await t.api('GET', '/v1/metrics/leads?from=2026-11-25&to=2026-11-25', undefined, key))
        .status,
    ).toBe(403);
    expect(
      (await t.api('GET', '/v1/metrics/calls?from=2026-11-25&to=2026-11-25', undefined, key))
        .status,
    ).toBe(403);
    expect((await t.api('GET', '/v1/calls', undefined, key)).status).toBe(403);
  });
});
