import { describe, expect, it } from 'vitest';
import { toSqsRecord } from '../../local/poller';
import type { SlaMessage } from '../../shared/domain/messages';
import { expectMetricsEqualRecount, storedCalls } from '../support/calls';
import { GENERIC_SECRET, type GenericEvent, playCalls } from '../support/generic-telephony';
import { deactivateManagers, seedManager } from '../support/seed';
import { TEST_ADMIN_KEY, type TestStack, useTestStack } from '../support/test-stack';

const HOUR = 3_600_000;
const LINE = '+74950000000';

/** One event of a call in the generic format, `seconds` after `start`. */
const eventOf = (
  callId: string,
  customer: string,
  start: string,
  seconds: number,
  event: Partial<GenericEvent> & Pick<GenericEvent, 'eventId' | 'event'>,
  direction: 'inbound' | 'outbound' = 'inbound',
): GenericEvent => ({
  callId,
  direction,
  from: direction === 'inbound' ? customer : LINE,
  to: direction === 'inbound' ? LINE : customer,
  at: new Date(Date.parse(start) + seconds * 1000).toISOString(),
  ...event,
});

const callView = async (t: TestStack, callId: string) => {
  const calls = await t.api('GET', '/v1/calls?limit=100');
  return calls.body.items.find((c: { callId: string }) => c.callId === callId);
};

const checksOf = (t: TestStack, callId: string) =>
  t.sla.scheduled.filter(
    (m): m is Extract<SlaMessage, { type: 'call-finalize' }> =>
      m.type === 'call-finalize' && m.callId === callId,
  );

/** Takes the call's scheduled deadline checks off the watched queue (this test delivers them). */
const takeChecks = (t: TestStack, callId: string) => {
  t.sla.scheduled = t.sla.scheduled.filter(
    (m) => !(m.type === 'call-finalize' && m.callId === callId),
  );
};

/** Delivers the call's due deadline checks (and those they schedule), as SQS would. */
const runDeadlines = async (t: TestStack, callId: string): Promise<number> => {
  let ran = 0;
  for (;;) {
    const now = await t.runDueSla((m) => m.type === 'call-finalize' && m.callId === callId);
    if (now === 0) return ran;
    ran += now;
  }
};

/** Hands one sla message to the sla function directly (a redelivery, or an early one). */
const deliver = async (t: TestStack, message: SlaMessage) => {
  const record = toSqsRecord(
    { MessageId: `direct-${message.dueAt}`, ReceiptHandle: 'r', Body: JSON.stringify(message) },
    'arn:aws:sqs:us-east-1:000000000000:sla',
  );
  const response = await t.stack.consumers.sla.handler({ Records: [record] });
  expect(response?.batchItemFailures ?? []).toEqual([]);
};

describe('calls with no final event', () => {
  const t = useTestStack({ env: { GENERIC_TELEPHONY_SECRET: GENERIC_SECRET } });

  it('closes a missed call 14400 s after its last event, marked closed by timeout, counts it then and opens its callback task', async () => {
    await deactivateManagers(t);
    await seedManager(t, 'anna', { extensions: ['101'] });
    const start = '2026-10-01T07:00:00.000Z';
    const customer = '+79163000001';
    await playCalls(t, [
      eventOf('d-missed', customer, start, 0, { eventId: 'd-missed-s', event: 'started' }),
    ]);
    const [check] = checksOf(t, 'd-missed');

    expect(check).toMatchObject({ lastEventAt: start, dueAt: '2026-10-01T11:00:00.000Z' });
    t.clock.set('2026-10-01T10:59:59.000Z');
    expect(await runDeadlines(t, 'd-missed')).toBe(0);
    expect(await callView(t, 'd-missed')).toMatchObject({ outcome: 'in_progress' });
    expect(
      (await t.api('GET', '/v1/metrics/calls?from=2026-10-01&to=2026-10-01')).body.totals,
    ).toMatchObject({ calls: 0 });

    t.clock.set('2026-10-01T11:00:00.000Z');
    expect(await runDeadlines(t, 'd-missed')).toBe(1);

    expect(await callView(t, 'd-missed')).toMatchObject({
      outcome: 'missed',
      missedReason: 'no-answer',
      closedBy: 'timeout',
      endedAt: start,
      talkSeconds: 0,
      callback: { status: 'open' },
      managerId: 'anna',
    });
    const { metrics } = await expectMetricsEqualRecount(t, '2026-10-01', '2026-10-01');
    expect(metrics.totals).toMatchObject({ calls: 1, inbound: 1, missed: 1, shortAbandoned: 0 });
    const tasks = (await t.leads()).filter(
      (lead) => lead.kind === 'callback' && lead.createdAt === start,
    );
    expect(tasks).toHaveLength(1);
    const csv = await t.request('/v1/calls?from=2026-10-01&to=2026-10-01&format=csv', {
      headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}` },
    });
    const [header = '', row = ''] = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n');
    const columns = header.split(',');
    expect(row.split(',')[columns.indexOf('closedBy')]).toBe('timeout');
  });

  it('closes an answered call from the evidence: answered, talk from the answer to its last event', async () => {
    await seedManager(t, 'boris', { extensions: ['102'] });
    const start = '2026-10-02T07:00:00.000Z';
    await playCalls(t, [
      eventOf(
        'd-answered',
        '+79163000002',
        start,
        0,
        { eventId: 'd-answered-s', event: 'started', extension: '102' },
        'outbound',
      ),
      eventOf(
        'd-answered',
        '+79163000002',
        start,
        12,
        { eventId: 'd-answered-a', event: 'answered', extension: '102' },
        'outbound',
      ),
    ]);

    t.clock.set(new Date(Date.parse(start) + 12_000 + 4 * HOUR).toISOString());
    await runDeadlines(t, 'd-answered');

    expect(await callView(t, 'd-answered')).toMatchObject({
      direction: 'outbound',
      outcome: 'answered',
      closedBy: 'timeout',
      managerId: 'boris',
      answeredAt: '2026-10-02T07:00:12.000Z',
      endedAt: '2026-10-02T07:00:12.000Z',
      talkSeconds: 0,
    });
    const { metrics } = await expectMetricsEqualRecount(t, '2026-10-02', '2026-10-02');
    expect(metrics.totals).toMatchObject({ calls: 1, outbound: 1, outboundNotReached: 0 });
  });

  it('corrects the record and the counters by exactly the difference when the final event comes after the deadline', async () => {
    await seedManager(t, 'anna', { extensions: ['101'] });
    const start = '2026-10-03T07:00:00.000Z';
    const customer = '+79163000003';
    const events = {
      started: eventOf('d-late', customer, start, 0, { eventId: 'd-late-s', event: 'started' }),
      answered: eventOf('d-late', customer, start, 9, {
        eventId: 'd-late-a',
        event: 'answered',
        extension: '101',
      }),
      ended: eventOf('d-late', customer, start, 129, {
        eventId: 'd-late-e',
        event: 'ended',
        extension: '101',
        disposition: 'answered',
        talkSeconds: 120,
      }),
    };
    await playCalls(t, [events.started]);
    t.clock.set('2026-10-03T11:00:00.000Z');
    await runDeadlines(t, 'd-late');
    const byTimeout = await expectMetricsEqualRecount(t, '2026-10-03', '2026-10-03');
    expect(byTimeout.metrics.totals).toMatchObject({ calls: 1, missed: 1, answered: 0 });

    // Late, and out of order: the answer after the end. Each is recorded once and corrects.
    await playCalls(t, [events.ended, events.answered, events.ended]);

    expect(await callView(t, 'd-late')).toMatchObject({
      outcome: 'answered',
      closedBy: 'provider',
      talkSeconds: 120,
      managerId: 'anna',
      endedAt: '2026-10-03T07:02:09.000Z',
    });
    const corrected = await expectMetricsEqualRecount(t, '2026-10-03', '2026-10-03');
    expect(corrected.metrics.totals).toMatchObject({
      calls: 1,
      inbound: 1,
      missed: 0,
      answered: 1,
      effective: 1,
      talkSeconds: 120,
      neverCalledBack: 0,
    });
    const [stored] = (await storedCalls(t)).filter((c) => c.callId === 'd-late');
    expect(stored?.timedOutAt?.slice(0, 19)).toBe('2026-10-03T11:00:00'); // kept after the correction
    const tasks = (await t.leads()).filter(
      (lead) => lead.kind === 'callback' && lead.createdAt === start,
    );
    expect(tasks.map((task) => task.status)).toEqual(['closed']);
  });

  it('moves its one deadline check forward with newer events instead of scheduling one per event', async () => {
    const start = '2026-10-04T07:00:00.000Z';
    const customer = '+79163000004';
    await playCalls(t, [
      eventOf('d-moving', customer, start, 0, { eventId: 'd-moving-s', event: 'started' }),
    ]);
    await playCalls(t, [
      eventOf('d-moving', customer, start, 3_600, {
        eventId: 'd-moving-a',
        event: 'answered',
        extension: '101',
      }),
    ]);
    expect(checksOf(t, 'd-moving').map((m) => m.lastEventAt)).toEqual([start]);

    t.clock.set('2026-10-04T11:00:00.000Z');
    await runDeadlines(t, 'd-moving');
    expect(await callView(t, 'd-moving')).toMatchObject({ outcome: 'in_progress' });
    expect(checksOf(t, 'd-moving')).toEqual([
      expect.objectContaining({
        lastEventAt: '2026-10-04T08:00:00.000Z',
        dueAt: '2026-10-04T12:00:00.000Z',
      }),
    ]);

    t.clock.set('2026-10-04T12:00:00.000Z');
    await runDeadlines(t, 'd-moving');
    expect(await callView(t, 'd-moving')).toMatchObject({
      outcome: 'answered',
      closedBy: 'timeout',
      endedAt: '2026-10-04T08:00:00.000Z',
    });
    expect(checksOf(t, 'd-moving')).toEqual([]);
  });

  it('changes nothing when a deadline check is delivered again, or comes early', async () => {
    const start = '2026-10-05T07:00:00.000Z';
    await playCalls(t, [
      eventOf('d-again', '+79163000005', start, 0, { eventId: 'd-again-s', event: 'started' }),
    ]);
    const [check] = checksOf(t, 'd-again');
    if (!check) throw new Error('no deadline check was scheduled');

    t.clock.set('2026-10-05T10:00:00.000Z');
    await deliver(t, check); // an hour early: sent on again, nothing closed
    expect(await callView(t, 'd-again')).toMatchObject({ outcome: 'in_progress' });
    expect(checksOf(t, 'd-again')).toHaveLength(2);

    t.clock.set('2026-10-05T11:00:00.000Z');
    await runDeadlines(t, 'd-again');
    const once = await expectMetricsEqualRecount(t, '2026-10-05', '2026-10-05');
    await deliver(t, check);
    await deliver(t, check);

    const twice = await expectMetricsEqualRecount(t, '2026-10-05', '2026-10-05');
    expect(twice.metrics).toEqual(once.metrics);
    expect(once.metrics.totals).toMatchObject({ calls: 1, missed: 1 });
    expect(await callView(t, 'd-again')).toMatchObject({ closedBy: 'timeout' });
  });

  it('stops a deadline check from travelling on once its call is over', async () => {
    const start = '2026-10-07T07:00:00.000Z';
    const call = (
      seconds: number,
      event: Partial<GenericEvent> & Pick<GenericEvent, 'eventId' | 'event'>,
    ) => eventOf('d-over', '+79163000007', start, seconds, event);
    await playCalls(t, [call(0, { eventId: 'd-over-s', event: 'started' })]);
    const [check] = checksOf(t, 'd-over');
    if (!check) throw new Error('no deadline check was scheduled');
    takeChecks(t, 'd-over');

    t.clock.set('2026-10-07T07:15:00.000Z');
    await deliver(t, check); // its first hop, the call still going on: sent on
    expect(checksOf(t, 'd-over')).toEqual([check]);
    takeChecks(t, 'd-over');
    await playCalls(t, [
      call(40, { eventId: 'd-over-e', event: 'ended', disposition: 'no-answer', talkSeconds: 0 }),
    ]);
    t.clock.set('2026-10-07T07:30:00.000Z');
    await deliver(t, check); // its next hop, the call over: it stops

    expect(checksOf(t, 'd-over')).toEqual([]);
    expect(await callView(t, 'd-over')).toMatchObject({ outcome: 'missed', closedBy: 'provider' });
  });

  it('schedules no deadline check for a call that its first event already finishes', async () => {
    const start = '2026-10-06T07:00:00.000Z';
    await playCalls(t, [
      eventOf('d-final', '+79163000006', start, 30, {
        eventId: 'd-final-e',
        event: 'ended',
        startedAt: start,
        disposition: 'no-answer',
        talkSeconds: 0,
      }),
    ]);

    expect(checksOf(t, 'd-final')).toEqual([]);
    expect(await callView(t, 'd-final')).toMatchObject({
      outcome: 'missed',
      closedBy: 'provider',
    });
  });
});
