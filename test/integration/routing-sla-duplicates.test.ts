import { describe, expect, it } from 'vitest';
import { toSqsRecord } from '../../local/poller';
import type { SlaMessage } from '../../shared/domain/messages';
import { postForm, seedManager, seedSite } from '../support/seed';
import { type TestStack, useTestStack } from '../support/test-stack';

type AcceptCheck = Extract<SlaMessage, { type: 'accept-check' }>;

/** Opens a lead that only one manager can take, so its accept deadlines end in breaches. */
const breachableLead = async (t: TestStack, phone: string): Promise<string> => {
  expect((await postForm(t, 'shop', { name: 'Client', phone })).status).toBe(200);
  await t.drain();
  const leads = await t.api('GET', '/v1/leads?limit=100');
  const lead = leads.body.items.find(
    (l: { contact: { phone: string } }) => l.contact.phone === phone,
  );
  expect(lead).toMatchObject({ status: 'assigned', managerId: 'solo' });
  return lead.id as string;
};

/** Takes the lead's scheduled accept checks out of the test queue (the test delivers them). */
const takeChecks = (t: TestStack, leadId: string): AcceptCheck[] => {
  const isIts = (m: SlaMessage): m is AcceptCheck =>
    m.type === 'accept-check' && m.leadId === leadId;
  const taken = t.sla.scheduled.filter(isIts);
  t.sla.scheduled = t.sla.scheduled.filter((m) => !isIts(m));
  return taken;
};

/** Delivers a message to the sla function as SQS would, as the SQS message `messageId`. */
const deliver = async (t: TestStack, message: SlaMessage, messageId: string) => {
  const record = toSqsRecord(
    { MessageId: messageId, ReceiptHandle: messageId, Body: JSON.stringify(message) },
    'arn:aws:sqs:us-east-1:000000000000:sla',
  );
  const response = await t.stack.consumers.sla.handler({ Records: [record] });
  expect(response?.batchItemFailures ?? []).toEqual([]);
};

const later = (iso: string, seconds: number) =>
  new Date(Date.parse(iso) + seconds * 1000).toISOString();

const breaches = async (t: TestStack, day: string) =>
  (await t.api('GET', `/v1/metrics/leads?from=${day}&to=${day}`)).body.totals.slaBreaches;

describe('an accept check delivered more than once', () => {
  const t = useTestStack();

  it('schedules one next check when two copies of a breached check arrive, and counts the breach once', async () => {
    await seedSite(t);
    await seedManager(t, 'solo');
    t.clock.set('2026-12-02T07:00:00.000Z');
    const leadId = await breachableLead(t, '+79997100001');
    const [check] = takeChecks(t, leadId);
    expect(check).toBeDefined();
    t.clock.advance(120_000);

    // Two copies of one check, as the router sends a record's follow-ups again.
    await deliver(t, check as AcceptCheck, 'copy-1');
    await deliver(t, check as AcceptCheck, 'copy-2');

    const next = takeChecks(t, leadId);
    expect(next).toHaveLength(1);
    expect(next[0]?.dueAt).toBe(later((check as AcceptCheck).dueAt, 120));
    expect(await breaches(t, '2026-12-02')).toBe(1);

    // The chain goes on, one check at a time, with the breach still counted once.
    t.clock.advance(120_000);
    await deliver(t, next[0] as AcceptCheck, 'copy-3');
    await deliver(t, next[0] as AcceptCheck, 'copy-4');
    expect(takeChecks(t, leadId).map((m) => m.dueAt)).toEqual([
      later((check as AcceptCheck).dueAt, 240),
    ]);
    expect(await breaches(t, '2026-12-02')).toBe(1);
  });

  it('lets the same message delivered again take its check, and the two chains meet at the next check', async () => {
    await seedSite(t);
    await seedManager(t, 'solo');
    t.clock.set('2026-12-03T07:00:00.000Z');
    const leadId = await breachableLead(t, '+79997100002');
    const [check] = takeChecks(t, leadId);
    t.clock.advance(120_000);

    // SQS delivers a message again when its run failed after taking the check, before its next
    // check went out: that run may schedule it again.
    await deliver(t, check as AcceptCheck, 'same-message');
    t.clock.advance(1_500); // the second run comes a little later
    await deliver(t, check as AcceptCheck, 'same-message');

    const both = takeChecks(t, leadId);
    const due = later((check as AcceptCheck).dueAt, 120);
    expect(both.map((m) => m.dueAt)).toEqual([due, due]);
    t.clock.set(due);
    await deliver(t, both[0] as AcceptCheck, 'next-1');
    await deliver(t, both[1] as AcceptCheck, 'next-2');
    expect(takeChecks(t, leadId)).toHaveLength(1);
    expect(await breaches(t, '2026-12-03')).toBe(1);
  });

  it('ends the chain once the lead is accepted', async () => {
    await seedSite(t);
    await seedManager(t, 'solo');
    t.clock.set('2026-12-04T07:00:00.000Z');
    const leadId = await breachableLead(t, '+79997100003');
    const [check] = takeChecks(t, leadId);
    t.clock.advance(120_000);
    await deliver(t, check as AcceptCheck, 'first');
    const [next] = takeChecks(t, leadId);
    const key = (
      await t.api('POST', '/v1/keys', { name: 'solo', role: 'manager', managerId: 'solo' })
    ).body.key as string;
    expect((await t.api('POST', `/v1/leads/${leadId}/accept`, undefined, key)).status).toBe(200);

    t.clock.advance(120_000);
    await deliver(t, next as AcceptCheck, 'second');

    expect(takeChecks(t, leadId)).toEqual([]);
  });
});
