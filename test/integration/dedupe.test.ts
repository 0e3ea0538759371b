import { describe, expect, it } from 'vitest';
import { toSqsRecord } from '../../local/poller';
import { parseFormSubmission } from '../../shared/channels/forms';
import { messageGroupOf } from '../../shared/queue/sqs-intake-queue';
import { postForm, seedManager, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

/** The SQS record Lambda would hand the router for a form event. */
const formRecord = (siteKey: string, body: string, receivedAt: Date, n: number) => {
  const parsed = parseFormSubmission(
    new Map([...new URLSearchParams(body)].map(([k, v]) => [k, [v]])),
    { siteKey, receivedAt, defaultCountry: 'RU' },
  );
  if (parsed.kind !== 'lead') throw new Error(`not a lead: ${parsed.kind}`);
  return toSqsRecord(
    {
      MessageId: `m-${n}-${receivedAt.getTime()}`,
      ReceiptHandle: `r-${n}`,
      Body: JSON.stringify(parsed.event),
      Attributes: { MessageGroupId: messageGroupOf(parsed.event), ApproximateReceiveCount: '1' },
    },
    'arn:aws:sqs:us-east-1:000000000000:intake.fifo',
  );
};

describe('one person, one contact, one open lead', () => {
  const t = useTestStack();

  it('folds "8 (999) 123-45-67", "+7 999 123 45 67" and "79991234567" into one contact and one lead', async () => {
    await seedSite(t);
    await seedManager(t, 'anna');

    for (const [i, phone] of ['8 (999) 123-45-67', '+7 999 123 45 67', '79991234567'].entries()) {
      const response = await postForm(t, 'shop', { name: 'Olga', phone, message: `question ${i}` });
      expect(response.status).toBe(200);
    }
    await t.drain();

    const contacts = (await t.contacts()).filter((c) =>
      (c.phones as Set<string>)?.has('+79991234567'),
    );
    expect(contacts).toHaveLength(1);
    const leads = (await t.leads()).filter((lead) => lead.contactId === contacts[0]?.id);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ touches: 3, status: 'assigned', managerId: 'anna' });
    const detail = await t.api('GET', `/v1/leads/${leads[0]?.id}`);
    expect(detail.body.touchHistory.map((touch: { text: string }) => touch.text)).toEqual([
      'question 0',
      'question 1',
      'question 2',
    ]);
  });

  it('makes exactly one lead of 50 concurrent identical submissions', async () => {
    await seedSite(t);
    const body = { name: 'Rush', phone: '+7 999 200-00-01', message: 'same click, 50 times' };

    const responses = await Promise.all(
      Array.from({ length: 50 }, () => postForm(t, 'shop', body)),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(new Set(responses.map((r) => r.body.eventId)).size).toBe(1);
    await t.drain();

    const contact = (await t.contacts()).filter((c) =>
      (c.phones as Set<string>)?.has('+79992000001'),
    );
    expect(contact).toHaveLength(1);
    const leads = (await t.leads()).filter((lead) => lead.contactId === contact[0]?.id);
    expect(leads).toHaveLength(1);
    expect(leads[0]?.touches).toBe(1);
  });

  it('creates one lead when the router gets 20 events of one person at once, outside FIFO order', async () => {
    const router = t.stack.consumers.router.handler;
    const at = t.clock.now();
    const records = Array.from({ length: 20 }, (_, n) =>
      formRecord('shop', `name=Parallel&phone=89992000002&message=m${n}`, at, n),
    );

    // Each record in its own invocation, all at once: only conditional writes keep order here.
    const results = await Promise.all(records.map((record) => router({ Records: [record] })));

    expect(results.flatMap((r) => r?.batchItemFailures ?? [])).toEqual([]);
    const contacts = (await t.contacts()).filter((c) =>
      (c.phones as Set<string>)?.has('+79992000002'),
    );
    expect(contacts).toHaveLength(1);
    const leads = (await t.leads()).filter((lead) => lead.contactId === contacts[0]?.id);
    expect(leads).toHaveLength(1);
    expect(leads[0]?.touches).toBe(20);
  });

  it('joins a phone-and-email form to the contact an email-only form created, even when they race', async () => {
    const router = t.stack.consumers.router.handler;
    const at = t.clock.now();
    const emailOnly = formRecord('shop', 'name=Mila&email=mila@example.com&message=a', at, 1);
    const both = formRecord(
      'shop',
      'name=Mila&email=MILA@example.com&phone=89992000003&message=b',
      at,
      2,
    );

    await Promise.all([router({ Records: [emailOnly] }), router({ Records: [both] })]);

    const contacts = (await t.contacts()).filter((c) =>
      (c.emails as Set<string>)?.has('mila@example.com'),
    );
    expect(contacts).toHaveLength(1);
    expect([...((contacts[0]?.phones as Set<string>) ?? [])]).toEqual(['+79992000003']);
    const leads = (await t.leads()).filter((lead) => lead.contactId === contacts[0]?.id);
    expect(leads).toHaveLength(1);
    expect(leads[0]?.touches).toBe(2);
  });

  it('still knows a retried event six minutes later, after SQS’s own 5-minute window', async () => {
    const router = t.stack.consumers.router.handler;
    const body = 'name=Late&phone=89992000004&message=hello&tranid=tilda-42';
    await router({ Records: [formRecord('shop', body, t.clock.now(), 1)] });

    t.clock.advance(6 * 60_000); // Tilda retries; SQS no longer remembers the first copy
    const retry = await router({ Records: [formRecord('shop', body, t.clock.now(), 2)] });

    expect(retry?.batchItemFailures).toEqual([]);
    const contacts = (await t.contacts()).filter((c) =>
      (c.phones as Set<string>)?.has('+79992000004'),
    );
    const leads = (await t.leads()).filter((lead) => lead.contactId === contacts[0]?.id);
    expect(leads).toHaveLength(1);
    expect(leads[0]?.touches).toBe(1);
  });

  it('opens a new lead once the previous one is closed', async () => {
    await seedSite(t);
    await seedManager(t, 'anna');
    await postForm(t, 'shop', { name: 'Again', phone: '89992000005', message: 'first' });
    await t.drain();
    const first = (await t.api('GET', '/v1/leads?limit=100')).body.items.find(
      (lead: { contact: { phone: string } }) => lead.contact.phone === '+79992000005',
    );
    expect((await t.api('POST', `/v1/leads/${first.id}/close`, { outcome: 'won' })).status).toBe(
      200,
    );

    await postForm(t, 'shop', { name: 'Again', phone: '89992000005', message: 'second' });
    await t.drain();

    const leads = (await t.api('GET', '/v1/leads?limit=100')).body.items.filter(
      (lead: { contact: { phone: string } }) => lead.contact.phone === '+79992000005',
    );
    expect(leads.map((lead: { status: string; text: string }) => [lead.status, lead.text])).toEqual(
      [
        ['assigned', 'second'],
        ['closed', 'first'],
      ],
    );
  });
});
