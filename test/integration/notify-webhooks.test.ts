import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS } from '../../shared/domain/notify/retry';
import { replayDlq } from '../../shared/queue/replay-dlq';
import { createTestClock } from '../support/clock';
import { GENERIC_SECRET, genericCall, playCalls } from '../support/generic-telephony';
import { bindChat, deliverAll, NOTIFY_SECRET } from '../support/notify';
import { postForm, seedManager, seedSite } from '../support/seed';
import { TEST_BOT_TOKEN } from '../support/stand-ins/telegram';
import { useTelegramStandIn, useWebhookReceiver } from '../support/stand-ins/use';
import { TEST_ADMIN_KEY, type TestStack, useTestStack } from '../support/test-stack';

const clock = createTestClock();
const SECRET = 'whsec_crm_0123456789abcdef';
const receiver = useWebhookReceiver({ secret: SECRET, now: () => clock.peek() });
const dead = useWebhookReceiver({ secret: SECRET, now: () => clock.peek() });
const telegram = useTelegramStandIn({ now: () => clock.peek() });

const env = () => ({
  NOTIFY_TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
  NOTIFY_TELEGRAM_SECRET_TOKEN: NOTIFY_SECRET,
  TELEGRAM_API_BASE_URL: telegram().url,
  GENERIC_TELEPHONY_SECRET: GENERIC_SECRET,
});

const putWebhook = (t: TestStack, name: string, body: Record<string, unknown>) =>
  t.api('PUT', `/v1/webhooks/${name}`, { secret: SECRET, active: true, ...body });

const leadOf = async (t: TestStack, phone: string) => {
  const leads = await t.api('GET', '/v1/leads?limit=100');
  return leads.body.items.find(
    (lead: { contact: { phone?: string } }) => lead.contact.phone === phone,
  );
};

describe('outgoing webhooks', () => {
  const t = useTestStack({ clock, env });

  it('keeps a webhook’s secret to sign with and never shows it; admin only', async () => {
    const head = (await t.api('POST', '/v1/keys', { name: 'head', role: 'head' })).body.key;

    const put = await putWebhook(t, 'crm', { url: receiver().url, events: ['lead.assigned'] });
    const list = await t.api('GET', '/v1/webhooks');
    const asHead = await t.api('GET', '/v1/webhooks', undefined, head);

    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      name: 'crm',
      url: receiver().url,
      events: ['lead.assigned'],
      format: 'switchboard',
      active: true,
      hasSecret: true,
      updatedAt: expect.any(String),
    });
    expect(JSON.stringify(list.body)).not.toContain(SECRET);
    expect(list.body.items).toEqual([put.body]);
    expect(asHead.status).toBe(403);
    expect(TEST_ADMIN_KEY).not.toBe(head);
  });

  it.each([
    [{ url: 'ftp://example.com/x', events: ['lead.assigned'] }, 'url'],
    [{ url: 'https://example.com/x', events: ['lead.bought'] }, 'events.0'],
    [{ url: 'https://example.com/x', events: [] }, 'events'],
    [{ url: 'https://example.com/x', events: ['lead.assigned'], secret: 'short' }, 'secret'],
    [{ url: 'https://example.com/x', events: ['lead.assigned'], secret: undefined }, 'secret'],
  ])('refuses %j with invalid_payload at %s', async (body, path) => {
    const response = await putWebhook(t, 'bad', body);

    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_payload');
    expect(response.body.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it('delivers a lead signed, with one delivery id, and tries a 500 again within a minute with the same id', async () => {
    await seedSite(t);
    await seedManager(t, 'anna');
    receiver().answerNext(500);
    const phone = '+79993330001';

    await postForm(t, 'shop', { name: 'Ivan', phone, utm_source: 'ads' });
    await deliverAll(t);
    const pending = await t.api('GET', '/v1/webhooks/crm/deliveries');
    const retry = t.deliveries.scheduled.find((m) => m.destination === 'webhook');
    clock.advance(RETRY_DELAYS_SECONDS[0] * 1000);
    await t.runDueDeliveries();

    const [failed, delivered] = receiver().received;
    const lead = await t.api('GET', `/v1/leads/${(await leadOf(t, phone)).id}`);
    expect(failed?.status).toBe(500);
    expect(pending.body.items).toEqual([
      expect.objectContaining({
        type: 'lead.assigned',
        status: 'pending',
        attempts: 1,
        lastStatusCode: 500,
      }),
    ]);
    expect(retry && Date.parse(retry.dueAt) - Date.parse(retry.since)).toBeLessThanOrEqual(60_000);
    expect(delivered?.status).toBe(200);
    for (const attempt of [failed, delivered]) {
      expect(attempt?.verified).toBe(true);
      expect(attempt?.fresh).toBe(true);
      expect(attempt?.headers['x-switchboard-delivery']).toBe(pending.body.items[0].id);
      expect(attempt?.body).toEqual({
        id: pending.body.items[0].id,
        type: 'lead.assigned',
        at: lead.body.assignedAt,
        data: lead.body,
      });
    }
    expect(Number(delivered?.headers['x-switchboard-timestamp'])).toBeGreaterThan(
      Number(failed?.headers['x-switchboard-timestamp']),
    );
    expect((await t.api('GET', '/v1/webhooks/crm/deliveries')).body.items).toEqual([
      expect.objectContaining({ status: 'delivered', attempts: 2, lastStatusCode: 200 }),
    ]);
  });

  it('makes one delivery of an event however often the event is announced', async () => {
    const received = receiver().received.length;
    const lead = await leadOf(t, '+79993330001');

    const accepted = await t.api('POST', `/v1/leads/${lead.id}/accept`);
    const again = await t.api('POST', `/v1/leads/${lead.id}/accept`);
    await putWebhook(t, 'crm', {
      url: receiver().url,
      events: ['lead.assigned', 'lead.accepted', 'lead.closed'],
    });
    await t.drain('notify');
    await t.drain('deliver');
    const closed = await t.api('POST', `/v1/leads/${lead.id}/close`, { outcome: 'won' });
    await t.drain('notify');
    await t.drain('deliver');

    expect([accepted.status, again.status, closed.status]).toEqual([200, 200, 200]);
    const bodies = receiver()
      .received.slice(received)
      .map((r) => r.body);
    expect(bodies.map((b) => [b.type, b.data.status])).toEqual([
      ['lead.accepted', 'accepted'],
      ['lead.closed', 'closed'],
    ]);
    expect(bodies[1].data).toMatchObject({ outcome: 'won', id: lead.id });
  });

  it('announces finished calls: a missed call with the call as GET /v1/calls shows it', async () => {
    await putWebhook(t, 'calls', {
      url: receiver().url,
      events: ['call.missed', 'call.completed'],
    });
    const received = receiver().received.length;
    await seedManager(t, 'pbx', { extensions: ['201'] });

    await playCalls(t, [
      ...genericCall('wh-missed', {
        customer: '+79163330001',
        start: clock.peek().toISOString(),
        ringSeconds: 30,
      }),
    ]);
    await t.drain('notify');
    await t.drain('deliver');

    const calls = await t.api('GET', '/v1/calls?limit=100');
    const bodies = receiver()
      .received.slice(received)
      .map((r) => r.body);
    expect(bodies).toEqual([
      expect.objectContaining({
        type: 'call.missed',
        data: calls.body.items.find((c: { callId: string }) => c.callId === 'wh-missed'),
      }),
    ]);
  });
});

describe('a dead destination', () => {
  const t = useTestStack({ clock, env });

  it('ends in the DLQ after its retries, over more than 24 hours, with nothing else delayed', async () => {
    await seedSite(t);
    await seedManager(t, 'anna');
    await bindChat(t, 'anna', 7_770_001);
    await putWebhook(t, 'crm', { url: receiver().url, events: ['lead.assigned'] });
    await putWebhook(t, 'dead', { url: dead().url, events: ['lead.assigned'] });
    dead().answerAlways(503);
    telegram().reset();
    const crmBefore = receiver().received.length;
    const started = clock.peek().getTime();

    await postForm(t, 'shop', { name: 'Zoya', phone: '+79994440001' });
    await deliverAll(t);
    const atOnce = {
      telegram: telegram().sent(7_770_001).length,
      crm: receiver().received.length - crmBefore,
      dead: dead().received.length,
    };
    await t.runDeliveriesUntil(started + 30 * 3_600_000);

    expect(atOnce).toEqual({ telegram: 1, crm: 1, dead: 1 });
    const attempts = dead().received;
    expect(attempts).toHaveLength(MAX_ATTEMPTS);
    expect(new Set(attempts.map((a) => a.headers['x-switchboard-delivery'])).size).toBe(1);
    const times = attempts.map((a) => Number(a.headers['x-switchboard-timestamp']));
    const gaps = times.slice(1).map((at, i) => at - (times[i] ?? at));
    expect(gaps.every((gap, i) => i === 0 || gap >= (gaps[i - 1] ?? 0))).toBe(true);
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(24 * 3_600);
    expect(await t.queueDepth('deliveries', true)).toBe(1);
    expect((await t.api('GET', '/v1/webhooks/dead/deliveries')).body.items).toEqual([
      expect.objectContaining({ status: 'failed', attempts: MAX_ATTEMPTS, lastStatusCode: 503 }),
    ]);
    expect(telegram().sent(7_770_001)).toHaveLength(1);
  });

  it('tries a dead delivery again when it is replayed from the DLQ', async () => {
    dead().answerAlways(undefined);
    const before = dead().received.length;

    const { moved } = await replayDlq(t.stack.sqs, {
      dlqUrl: t.stack.queues.deliveries.dlqUrl,
      targetUrl: t.stack.queues.deliveries.url,
      fifo: false,
    });
    await t.drain('deliver');

    expect(moved).toBe(1);
    expect(dead().received.length - before).toBe(1);
    expect((await t.api('GET', '/v1/webhooks/dead/deliveries')).body.items).toEqual([
      expect.objectContaining({
        status: 'delivered',
        attempts: MAX_ATTEMPTS + 1,
        lastStatusCode: 200,
      }),
    ]);
  });

  it('stops retrying a webhook once it is deleted', async () => {
    expect((await t.api('DELETE', '/v1/webhooks/dead')).status).toBe(204);
    await putWebhook(t, 'flaky', { url: dead().url, events: ['lead.assigned'] });
    dead().answerAlways(500);
    const before = dead().received.length;

    await postForm(t, 'shop', { name: 'Yan', phone: '+79994440002' });
    await deliverAll(t);
    const deleted = await t.api('DELETE', '/v1/webhooks/flaky');
    await t.runDeliveriesUntil(clock.peek().getTime() + 3_600_000);

    expect(deleted.status).toBe(204);
    expect(dead().received.length - before).toBe(1);
    expect((await t.api('GET', '/v1/webhooks/flaky/deliveries')).body.items).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: 1,
        lastError: 'the webhook was deleted',
      }),
    ]);
    expect(await t.queueDepth('deliveries', true)).toBe(0);
  });
});
