import { describe, expect, it } from 'vitest';
import { toSqsRecord } from '../../local/poller';
import { telegram } from '../../shared/channels/messengers/telegram';
import type { LeadEvent } from '../../shared/domain/messages';
import { messageGroupOf } from '../../shared/queue/sqs-intake-queue';
import {
  MESSENGER_SECRETS,
  messengerRequest,
  metaJson,
  postTelegram,
  postVk,
  postWhatsApp,
  type TelegramMessageInput,
  telegramUpdate,
  vkMessageNew,
  whatsappMessages,
} from '../support/messengers';
import { postForm, seedManager, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

type Item = Record<string, any>;

describe('one contact across messengers and forms', () => {
  const t = useTestStack({ env: MESSENGER_SECRETS });

  const contactWithPhone = async (phone: string): Promise<Item[]> =>
    (await t.contacts()).filter((c) => (c.phones as Set<string> | undefined)?.has(phone));
  const leadsOfContact = async (contactId: string): Promise<Item[]> =>
    (await t.leads()).filter((lead) => lead.contactId === contactId);
  const identity = async (key: string): Promise<Item | undefined> =>
    (await t.items(`IDENTITY#${key}`, 'IDENTITY'))[0];
  const lead = async (leadId: string) => (await t.api('GET', `/v1/leads/${leadId}`)).body;

  let records = 0;
  /** An SQS record of a Telegram update, as Lambda would hand it to the router. */
  const telegramRecord = (input: TelegramMessageInput) => {
    const parsed = telegram.parse(
      messengerRequest({ body: JSON.stringify(telegramUpdate(input)) }),
      { receivedAt: t.clock.now(), defaultCountry: 'RU' },
    );
    const event: LeadEvent | undefined = parsed.ok ? parsed.value[0] : undefined;
    if (!event) throw new Error('the fixture is not a lead event');
    return toSqsRecord(
      {
        MessageId: `m-${++records}`,
        ReceiptHandle: `r-${event.eventId}`,
        Body: JSON.stringify(event),
        Attributes: { MessageGroupId: messageGroupOf(event), ApproximateReceiveCount: '1' },
      },
      'arn:aws:sqs:us-east-1:000000000000:intake.fifo',
    );
  };

  it('keeps one contact, one open lead with three touches and one manager when a person writes in Telegram, fills a form and writes in WhatsApp', async () => {
    await seedSite(t);
    await seedManager(t, 'anna');
    await seedManager(t, 'boris');
    await t.takeMessages('assignments');

    const telegramShare = await postTelegram(
      t,
      telegramUpdate({
        updateId: 700_001,
        fromId: 51_001,
        firstName: 'Ivan',
        contact: { phone_number: '79125550101', first_name: 'Ivan', user_id: 51_001 },
      }),
    );
    await t.drain();
    const form = await postForm(t, 'shop', {
      name: 'Иван',
      phone: '8 (912) 555-01-01',
      message: 'Хочу оформить заказ',
    });
    await t.drain();
    const whatsappMessage = await postWhatsApp(
      t,
      metaJson(whatsappMessages({ id: 'wamid.S1', from: '79125550101', text: 'Когда доставка?' })),
    );
    await t.drain();

    expect([telegramShare.status, form.status, whatsappMessage.status]).toEqual([200, 200, 200]);
    const contacts = await contactWithPhone('+79125550101');
    expect(contacts).toHaveLength(1);
    const contact = contacts[0] as Item;
    expect(Object.keys(contact.messengers).sort()).toEqual([
      'telegram:51001',
      'whatsapp:79125550101',
    ]);
    const leads = await leadsOfContact(contact.id);
    expect(leads).toHaveLength(1);
    const only = await lead(leads[0]?.id);
    expect(only).toMatchObject({ status: 'assigned', touches: 3 });
    expect(only.channels).toEqual(['telegram', 'form', 'whatsapp']);
    expect(only.touchHistory.map((touch: Item) => touch.channel)).toEqual([
      'telegram',
      'form',
      'whatsapp',
    ]);
    const announced = (await t.takeMessages('assignments')).filter((m) => m.leadId === only.id);
    expect(announced.map((m) => [m.type, m.managerId, m.channel])).toEqual([
      ['lead.assigned', only.managerId, 'telegram'],
      ['lead.touched', only.managerId, 'form'],
      ['lead.touched', only.managerId, 'whatsapp'],
    ]);
  });

  it('joins a known messenger account’s contact and sends its next lead to the same manager', async () => {
    await seedManager(t, 'anna');
    await seedManager(t, 'boris');
    await postVk(t, vkMessageNew({ eventId: 'k1', fromId: 52_001, text: 'first question' }));
    await t.drain();
    const [first] = (await t.api('GET', '/v1/leads?limit=100')).body.items.filter(
      (l: Item) => l.contact.messengers?.[0]?.id === '52001',
    );
    await t.api('POST', `/v1/leads/${first.id}/close`, { outcome: 'won' });

    await postVk(t, vkMessageNew({ eventId: 'k2', fromId: 52_001, text: 'second question' }));
    await t.drain();

    const leads = await leadsOfContact(first.contact.id);
    expect(leads).toHaveLength(2);
    const second = await lead(leads.find((l) => l.id !== first.id)?.id);
    expect(second).toMatchObject({ status: 'assigned', managerId: first.managerId });
    expect(second.assignments[0]).toMatchObject({ reason: 'owner' });
  });

  it('moves a messenger account to the contact that has the phone it shares, so that contact’s owner keeps the client', async () => {
    await seedSite(t);
    await seedManager(t, 'anna');
    await seedManager(t, 'boris');
    await postForm(t, 'shop', { name: 'Olga', phone: '+7 912 555-02-02', message: 'order' });
    await t.drain();
    const [formContact] = await contactWithPhone('+79125550202');
    const [formLead] = await leadsOfContact(formContact?.id);
    await t.api('POST', `/v1/leads/${formLead?.id}/close`, { outcome: 'won' });
    const owner = formLead?.managerId;

    // The same person first writes in Telegram without a phone: a contact of its own.
    await postTelegram(t, telegramUpdate({ updateId: 700_101, fromId: 53_001, text: 'hi' }));
    await t.drain();
    const early = (await identity('telegram:53001'))?.contactId;
    expect(early).not.toBe(formContact?.id);
    const [earlyLead] = await leadsOfContact(early);

    // Then shares their phone, and writes again.
    await postTelegram(
      t,
      telegramUpdate({
        updateId: 700_102,
        fromId: 53_001,
        contact: { phone_number: '+79125550202', user_id: 53_001 },
      }),
    );
    await postTelegram(t, telegramUpdate({ updateId: 700_103, fromId: 53_001, text: 'again' }));
    await t.drain();

    expect((await identity('telegram:53001'))?.contactId).toBe(formContact?.id);
    const [moved] = await contactWithPhone('+79125550202');
    expect(Object.keys(moved?.messengers ?? {})).toEqual(['telegram:53001']);
    const [left] = (await t.contacts()).filter((c) => c.id === early);
    expect(left?.messengers).toEqual({});
    const open = (await leadsOfContact(formContact?.id)).find((l) => l.status !== 'closed');
    const detail = await lead(open?.id);
    expect(detail).toMatchObject({ managerId: owner, touches: 2 });
    expect(detail.assignments[0]).toMatchObject({ reason: 'owner' });
    // The lead the account opened before is left as it was, with its manager.
    expect(await lead(earlyLead?.id)).toMatchObject({ status: 'assigned', touches: 1 });
  });

  it('leaves an account with its contact when that contact has a phone of its own, and merges nothing', async () => {
    await seedSite(t);
    await postTelegram(
      t,
      telegramUpdate({
        updateId: 700_201,
        fromId: 54_001,
        contact: { phone_number: '79125550301', user_id: 54_001 },
      }),
    );
    await postForm(t, 'shop', { name: 'Other', phone: '+7 912 555-03-02' });
    await t.drain();

    await postTelegram(
      t,
      telegramUpdate({
        updateId: 700_202,
        fromId: 54_001,
        contact: { phone_number: '79125550302', user_id: 54_001 },
      }),
    );
    await t.drain();

    const [first] = await contactWithPhone('+79125550301');
    const [second] = await contactWithPhone('+79125550302');
    expect(first?.id).not.toBe(second?.id);
    expect([...(first?.phones ?? [])]).toEqual(['+79125550301']);
    expect([...(second?.phones ?? [])]).toEqual(['+79125550302']);
    expect((await identity('telegram:54001'))?.contactId).toBe(first?.id);
    const [secondLead] = await leadsOfContact(second?.id);
    expect(secondLead).toMatchObject({ touches: 2 }); // the share touched the phone’s lead
  });

  it('never joins two people on a name', async () => {
    const person = (updateId: number, fromId: number) =>
      postTelegram(
        t,
        telegramUpdate({ updateId, fromId, firstName: 'Ivan', lastName: 'Petrov', text: 'hi' }),
      );

    await person(700_301, 55_001);
    await person(700_302, 55_002);
    await t.drain();

    const first = (await identity('telegram:55001'))?.contactId;
    const second = (await identity('telegram:55002'))?.contactId;
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(first).not.toBe(second);
  });

  it('settles every account on its phone’s contact when a message and a phone share race, and again on redelivery', async () => {
    await seedSite(t);
    const people = [0, 1, 2, 3, 4].map((n) => ({
      fromId: 56_000 + n,
      phone: `+791255504${String(n).padStart(2, '0')}`,
    }));
    for (const person of people) await postForm(t, 'shop', { name: 'Race', phone: person.phone });
    await t.drain();
    const router = t.stack.consumers.router.handler;
    const shares = people.map((person, n) =>
      telegramRecord({
        updateId: 700_410 + n,
        fromId: person.fromId,
        contact: { phone_number: person.phone, user_id: person.fromId },
      }),
    );
    const texts = people.map((person, n) =>
      telegramRecord({ updateId: 700_400 + n, fromId: person.fromId, text: 'hello' }),
    );

    const touches = async () =>
      (await t.leads()).reduce((sum, lead) => sum + Number(lead.touches), 0);

    // Different message groups (phone, account): Lambda may run them at the same time.
    const results = await Promise.all(
      [...texts, ...shares].map((record) => router({ Records: [record] })),
    );
    const before = await touches();
    const again = await Promise.all(shares.map((record) => router({ Records: [record] })));

    expect([...results, ...again].flatMap((r) => r?.batchItemFailures ?? [])).toEqual([]);
    expect(await touches()).toBe(before);
    for (const person of people) {
      const [contact] = await contactWithPhone(person.phone);
      expect((await identity(`telegram:${person.fromId}`))?.contactId).toBe(contact?.id);
      expect(Object.keys(contact?.messengers ?? {})).toEqual([`telegram:${person.fromId}`]);
      expect(await contactWithPhone(person.phone)).toHaveLength(1);
    }
  });
});
