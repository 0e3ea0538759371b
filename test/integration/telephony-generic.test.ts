import { describe, expect, it } from 'vitest';
import { toSqsRecord } from '../../local/poller';
import { signGeneric } from '../../local/signers/generic';
import { expectMetricsEqualRecount, storedCalls } from '../support/calls';
import { GENERIC_SECRET, type GenericEvent, genericCall } from '../support/generic-telephony';
import { seedManager } from '../support/seed';
import { useTestStack } from '../support/test-stack';

const SECRET = GENERIC_SECRET;

describe('POST /v1/telephony/generic', () => {
  const t = useTestStack({ env: { GENERIC_TELEPHONY_SECRET: SECRET } });

  const send = async (event: GenericEvent, secret = SECRET) => {
    t.clock.set(event.at);
    const body = JSON.stringify(event);
    return t.toJson(
      await t.request('/v1/telephony/generic', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...signGeneric(body, secret, t.clock.peek()),
        },
        body,
      }),
    );
  };

  const call = genericCall;

  const callView = async (id: string) => {
    const calls = await t.api('GET', '/v1/calls?limit=100');
    return calls.body.items.find((c: { callId: string }) => c.callId === id);
  };

  it('records an answered three-minute call as answered and effective, for the manager who took it', async () => {
    await seedManager(t, 'anna', { extensions: ['101'] });

    for (const event of call('c-answered', {
      customer: '+79161110001',
      start: '2026-11-20T07:00:00Z',
      ringSeconds: 8,
      talkSeconds: 180,
      extension: '101',
    })) {
      expect((await send(event)).status).toBe(200);
    }
    await t.drain();

    expect(await callView('c-answered')).toMatchObject({
      direction: 'inbound',
      outcome: 'answered',
      effective: true,
      talkSeconds: 180,
      waitSeconds: 8,
      managerId: 'anna',
      customer: '+79161110001',
      thresholds: { effectiveTalkSeconds: 60, shortAbandonSeconds: 5 },
    });
  });

  it('counts a 14-second call as answered but not effective, and a 3-second hang-up as a short abandon', async () => {
    for (const event of [
      ...call('c-short-talk', {
        customer: '+79161110002',
        start: '2026-11-20T08:00:00Z',
        ringSeconds: 5,
        talkSeconds: 14,
        extension: '101',
      }),
      ...call('c-abandon', {
        customer: '+79161110003',
        start: '2026-11-20T08:10:00Z',
        ringSeconds: 3,
        disposition: 'canceled',
      }),
    ]) {
      await send(event);
    }
    await t.drain();

    expect(await callView('c-short-talk')).toMatchObject({
      outcome: 'answered',
      effective: false,
      talkSeconds: 14,
    });
    expect(await callView('c-abandon')).toMatchObject({
      outcome: 'short_abandon',
      effective: false,
      talkSeconds: 0,
    });
  });

  it('opens a callback task for a missed call and closes it when we call the number back', async () => {
    await seedManager(t, 'boris', { extensions: ['102'] });
    await t.purge('assignments');

    for (const event of call('c-missed', {
      customer: '+79161110004',
      start: '2026-11-20T09:00:00Z',
      ringSeconds: 40,
    })) {
      await send(event);
    }
    await t.drain();
    const missed = await callView('c-missed');
    const tasks = await t.api('GET', '/v1/leads?limit=100');
    const task = tasks.body.items.find(
      (lead: { kind: string; contact: { phone: string } }) =>
        lead.kind === 'callback' && lead.contact.phone === '+79161110004',
    );

    expect(missed).toMatchObject({
      outcome: 'missed',
      missedReason: 'no-answer',
      callback: { status: 'open' },
    });
    expect(task).toMatchObject({ status: 'assigned' });
    expect(missed.managerId).toBe(task.managerId);
    const announced = await t.takeMessages('assignments');
    expect(announced.filter((m) => m.type === 'callback.assigned')).toHaveLength(1);
    // The webhooks hear of the missed call itself too, once however often it is announced.
    expect(
      new Set(announced.filter((m) => m.type !== 'callback.assigned').map((m) => m.type)),
    ).toEqual(new Set(['call.missed']));

    // Ten minutes after the missed call ended, the manager dials the client.
    for (const event of call('c-callback', {
      direction: 'outbound',
      customer: '+79161110004',
      start: '2026-11-20T09:10:40Z',
      ringSeconds: 10,
      talkSeconds: 90,
      extension: '102',
    })) {
      await send(event);
    }
    await t.drain();

    expect(await callView('c-missed')).toMatchObject({
      callback: { status: 'called_back', seconds: 600, byCallId: 'generic:c-callback' },
    });
    const closed = await t.api('GET', `/v1/leads/${task.id}`);
    expect(closed.body).toMatchObject({ status: 'closed', kind: 'callback' });
  });

  it('closes a missed call as client re-contact, not as a callback, when the client calls again and gets through', async () => {
    for (const event of [
      ...call('c-missed-2', {
        customer: '+79161110005',
        start: '2026-11-20T10:00:00Z',
        ringSeconds: 30,
      }),
      ...call('c-again', {
        customer: '+79161110005',
        start: '2026-11-20T10:20:00Z',
        ringSeconds: 5,
        talkSeconds: 70,
        extension: '101',
      }),
    ]) {
      await send(event);
    }
    await t.drain();

    expect(await callView('c-missed-2')).toMatchObject({
      callback: { status: 'client_recontact' },
    });
  });

  it('gives the same record and counters whatever order and however often events arrive', async () => {
    const events = [
      ...call('c-shuffled', {
        customer: '+79161110006',
        start: '2026-11-20T11:00:00Z',
        ringSeconds: 12,
        talkSeconds: 75,
        extension: '101',
      }),
      ...call('c-shuffled-missed', {
        customer: '+79161110007',
        start: '2026-11-20T11:05:00Z',
        ringSeconds: 25,
      }),
    ];
    const deliveries = [4, 2, 0, 2, 3, 1, 4, 0].map((i) => events[i]);

    for (const event of deliveries) await send(event as GenericEvent);
    await t.drain();

    expect(await callView('c-shuffled')).toMatchObject({
      outcome: 'answered',
      effective: true,
      talkSeconds: 75,
      waitSeconds: 12,
    });
    expect(await callView('c-shuffled-missed')).toMatchObject({ outcome: 'missed' });
    await expectMetricsEqualRecount(t, '2026-11-20', '2026-11-20');
  });

  it('withdraws the callback task of a call judged missed too early, once an answer shows up', async () => {
    // As Twilio does: the caller's leg ends (not the provider's final word) before the
    // manager's leg reports its answer.
    await seedManager(t, 'anna', { extensions: ['101'] });
    const router = t.stack.consumers.router.handler;
    const base = { provider: 'generic', callId: 'c-late-answer', final: false } as const;
    const deliver = (n: number, event: Record<string, unknown>) =>
      router({
        Records: [
          toSqsRecord(
            {
              MessageId: `late-${n}`,
              ReceiptHandle: 'r',
              Body: JSON.stringify({
                kind: 'call',
                eventId: `generic:c-late-answer:${String(event.eventKey)}`,
                receivedAt: event.at,
                event: { ...base, ...event },
              }),
              Attributes: { MessageGroupId: 'g' },
            },
            'arn:aws:sqs:us-east-1:000000000000:intake.fifo',
          ),
        ],
      });
    const taskOf = async () =>
      (await t.api('GET', '/v1/leads?limit=100')).body.items.find(
        (lead: { kind: string; contact: { phone: string } }) =>
          lead.kind === 'callback' && lead.contact.phone === '+79161110009',
      );
    const customer = { direction: 'inbound', customer: '+79161110009' };
    await deliver(1, {
      ...customer,
      eventKey: 'start',
      kind: 'started',
      at: '2026-11-20T12:00:00.000Z',
    });
    await deliver(2, {
      ...customer,
      eventKey: 'end',
      kind: 'ended',
      at: '2026-11-20T12:01:00.000Z',
    });
    expect((await callView('c-late-answer')).outcome).toBe('missed');
    expect((await taskOf()).status).toBe('assigned');

    await deliver(3, {
      eventKey: 'leg-answer',
      kind: 'answered',
      leg: 'leg-1',
      at: '2026-11-20T12:00:10.000Z',
      agent: { extension: '101' },
    });
    await deliver(4, {
      eventKey: 'leg-end',
      kind: 'leg-ended',
      leg: 'leg-1',
      at: '2026-11-20T12:01:00.000Z',
      talkSeconds: 50,
    });

    expect(await callView('c-late-answer')).toMatchObject({
      outcome: 'answered',
      talkSeconds: 50,
      managerId: 'anna',
    });
    expect((await taskOf()).status).toBe('closed');
  });

  it('puts a call at 23:30 UTC on the next day in Moscow', async () => {
    for (const event of call('c-late', {
      customer: '+79161110008',
      start: '2026-11-20T23:30:00Z',
      ringSeconds: 5,
      talkSeconds: 65,
      extension: '101',
    })) {
      await send(event);
    }
    await t.drain();

    const on20 = await t.api('GET', '/v1/metrics/calls?from=2026-11-20&to=2026-11-20');
    const on21 = await t.api('GET', '/v1/metrics/calls?from=2026-11-21&to=2026-11-21');
    expect((await callView('c-late')).day).toBe('2026-11-21');
    expect(on21.body.totals).toMatchObject({
      calls: 1,
      answered: 1,
      effective: 1,
      talkSeconds: 65,
    });
    expect(on20.body.totals.calls).toBe(
      (await storedCalls(t)).filter((c) => c.day === '2026-11-20').length,
    );
  });

  it('reports the metrics API.md describes, with thresholds, averages and callback figures, equal to a recount', async () => {
    // Days of its own: a missed call called back 10 minutes after it ended, one whose client
    // called again and got through, and one nobody answered for.
    for (const event of [
      ...call('m-called-back', {
        customer: '+79161120001',
        start: '2026-11-12T09:00:00Z',
        ringSeconds: 40,
      }),
      ...call('m-callback', {
        direction: 'outbound',
        customer: '+79161120001',
        start: '2026-11-12T09:10:40Z',
        ringSeconds: 10,
        talkSeconds: 90,
        extension: '102',
      }),
      ...call('m-recontact', {
        customer: '+79161120002',
        start: '2026-11-12T10:00:00Z',
        ringSeconds: 30,
      }),
      ...call('m-again', {
        customer: '+79161120002',
        start: '2026-11-12T10:20:00Z',
        ringSeconds: 5,
        talkSeconds: 70,
        extension: '101',
      }),
      ...call('m-never', {
        customer: '+79161120003',
        start: '2026-11-13T11:00:00Z',
        ringSeconds: 25,
      }),
    ]) {
      expect((await send(event)).status).toBe(200);
    }
    await t.drain();

    const { metrics } = await expectMetricsEqualRecount(t, '2026-11-11', '2026-11-14');

    expect(metrics).toMatchObject({
      from: '2026-11-11',
      to: '2026-11-14',
      timeZone: 'Europe/Moscow',
      thresholds: { effectiveTalkSeconds: 60, shortAbandonSeconds: 5 },
    });
    expect(metrics.totals).toMatchObject({
      calls: 5,
      inbound: 4,
      outbound: 1,
      answered: 1,
      missed: 3,
      calledBack: 1,
      calledBackWithin15Minutes: 1,
      averageCallbackSeconds: 600,
      clientRecontacts: 1,
      neverCalledBack: 1,
    });
    expect(metrics.groups.map((g: { key: string }) => g.key)).toEqual([
      '2026-11-11',
      '2026-11-12',
      '2026-11-13',
      '2026-11-14',
    ]);
  });

  it.each([
    [
      'a forged signature',
      (body: string) => signGeneric(body, 'not-the-secret', new Date('2026-11-20T12:00:00Z')),
    ],
    ['no signature', () => ({})],
    [
      'a replay from ten minutes ago',
      (body: string) => signGeneric(body, SECRET, new Date('2026-11-20T11:50:00Z')),
    ],
  ])('refuses %s with 401 and stores nothing', async (_, headers) => {
    t.clock.set('2026-11-20T12:00:00Z');
    const body = JSON.stringify(
      call('c-forged', {
        customer: '+79161119999',
        start: '2026-11-20T12:00:00Z',
        ringSeconds: 1,
      })[0],
    );
    const before = await t.queueDepth('intake');

    const response = await t.toJson(
      await t.request('/v1/telephony/generic', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers(body) },
        body,
      }),
    );

    expect(response).toMatchObject({ status: 401, body: { error: 'bad_signature' } });
    expect(await t.queueDepth('intake')).toBe(before);
  });

  it('answers 404 unknown_provider for a provider that is not configured or does not exist', async () => {
    const twilio = await t.api('POST', '/v1/telephony/twilio', {}, null);
    const nope = await t.api('POST', '/v1/telephony/__proto__', {}, null);
    expect(twilio).toMatchObject({ status: 404, body: { error: 'unknown_provider' } });
    expect(nope).toMatchObject({ status: 404, body: { error: 'unknown_provider' } });
  });

  it('holds a signed event it cannot read, with the issues, and answers as accepted', async () => {
    t.clock.set('2026-11-20T12:00:00Z');
    const body = JSON.stringify({ eventId: 'x', event: 'exploded' });
    const before = await t.queueDepth('intake');
    const response = await t.toJson(
      await t.request('/v1/telephony/generic', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...signGeneric(body, SECRET, t.clock.peek()),
        },
        body,
      }),
    );
    expect(response.status).toBe(200);
    expect(await t.queueDepth('intake')).toBe(before);
    const held = (await t.items('HELD#')).find((item) => item.route === 'telephony/generic');
    expect(held).toMatchObject({ reason: 'not_understood', status: 'held' });
    expect(((held?.issues ?? []) as { path: string }[]).map((i) => i.path)).toEqual(
      expect.arrayContaining(['callId', 'event']),
    );
  });
});
