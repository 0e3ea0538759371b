import { describe, expect, it } from 'vitest';
import { eventIdOf } from '../../shared/domain/messages';
import { createTestClock } from '../support/clock';
import {
  bindChat,
  botMessage,
  botTap,
  deliverAll,
  deliverOneByOne,
  NOTIFY_SECRET,
  postBotUpdate,
} from '../support/notify';
import { postForm, seedManager, seedSite } from '../support/seed';
import { TEST_BOT_TOKEN, TEST_BOT_USERNAME } from '../support/stand-ins/telegram';
import { useTelegramStandIn } from '../support/stand-ins/use';
import { type TestStack, useTestStack } from '../support/test-stack';

const clock = createTestClock();
const telegram = useTelegramStandIn({ now: () => clock.peek() });

const botEnv = () => ({
  NOTIFY_TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
  NOTIFY_TELEGRAM_SECRET_TOKEN: NOTIFY_SECRET,
  TELEGRAM_API_BASE_URL: telegram().url,
  SWITCHBOARD_LANGUAGE: 'en',
});

const leadOf = async (t: TestStack, phone: string) => {
  const leads = await t.api('GET', '/v1/leads?limit=100');
  return leads.body.items.find(
    (lead: { contact: { phone?: string } }) => lead.contact.phone === phone,
  );
};

/** The last message the bot sent to a chat. */
const lastMessage = (chatId: number) => {
  const message = telegram()
    .messages.filter((m) => m.chatId === String(chatId))
    .at(-1);
  if (!message) throw new Error(`nothing was sent to chat ${chatId}`);
  return message;
};

const answers = () =>
  telegram()
    .calls.filter((c) => c.method === 'answerCallbackQuery')
    .map((c) => c.body.text);

describe('the managers’ Telegram bot', () => {
  const t = useTestStack({ clock, env: botEnv });

  it('binds a manager’s chat with a one-time /start link, and refuses the same link after', async () => {
    await seedManager(t, 'anna');

    const link = await bindChat(t, 'anna', 5_550_001);
    const again = await postBotUpdate(t, botMessage(5_550_099, `/start ${link.code}`));

    expect(link.url).toBe(`https://t.me/${TEST_BOT_USERNAME}?start=${link.code}`);
    expect(link.code).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(again.status).toBe(200);
    expect((await t.api('GET', '/v1/managers/anna')).body.telegramChatId).toBe('5550001');
    const replies = telegram()
      .sent()
      .map((c) => [String(c.body.chat_id), c.body.text]);
    expect(replies).toEqual([
      ['5550001', 'Done: leads for “Manager anna” will arrive in this chat.'],
      ['5550099', expect.stringContaining('This link does not work')],
    ]);
    expect(telegram().problems).toEqual([]);
  });

  it('keeps a bound chat when a manager is updated without naming it, and unbinds it on null', async () => {
    const base = { name: 'Manager anna', team: 'acquisition', extensions: [], active: true };

    const kept = await t.api('PUT', '/v1/managers/anna', { ...base, bitrix24UserId: '12' });
    const unbound = await t.api('PUT', '/v1/managers/anna', { ...base, telegramChatId: null });
    const bad = await t.api('PUT', '/v1/managers/anna', { ...base, telegramChatId: '55x' });
    const set = await t.api('PUT', '/v1/managers/anna', { ...base, telegramChatId: 5_550_001 });

    expect(kept.body).toMatchObject({ telegramChatId: '5550001', bitrix24UserId: '12' });
    expect(unbound.body).not.toHaveProperty('telegramChatId');
    expect(unbound.body).toMatchObject({ bitrix24UserId: '12' });
    expect(bad.status).toBe(400);
    expect(set.body).toMatchObject({ telegramChatId: '5550001' });
  });

  it('sends an assigned lead to its manager’s chat, escaped, with the deadline and an Accept button', async () => {
    telegram().reset();
    await seedSite(t);
    const phone = '+79991110001';

    const posted = await postForm(t, 'shop', {
      name: 'Ivan <b>Petrov</b> & Co',
      phone,
      message: 'Call me after 6 pm <please>',
    });
    await deliverAll(t);

    expect(posted.status).toBe(200);
    const lead = await leadOf(t, phone);
    const message = lastMessage(5_550_001);
    expect(message.html).toContain('Ivan &lt;b&gt;Petrov&lt;/b&gt; &amp; Co');
    expect(message.text).toContain('🔔 New lead');
    expect(message.text).toContain(phone);
    expect(message.text).toContain('Channel: website form');
    expect(message.text).toContain('Call me after 6 pm <please>');
    expect(message.text).toMatch(/Accept by \d\d:\d\d \(27\.11\)/);
    expect(message.keyboard).toEqual([[{ text: '✅ Accept', callback_data: `accept:${lead.id}` }]]);
    expect(telegram().problems).toEqual([]);
  });

  it('accepts a lead from its manager’s chat only: a tap from another chat changes nothing', async () => {
    await seedManager(t, 'bob', { team: 'accounts' });
    await bindChat(t, 'bob', 5_550_002);
    telegram().reset();
    const phone = '+79991110002';
    await postForm(t, 'shop', { name: 'Olga', phone });
    await deliverAll(t);
    const lead = await leadOf(t, phone);
    const offer = lastMessage(5_550_001);

    const wrong = await postBotUpdate(t, botTap(5_550_002, offer.messageId, `accept:${lead.id}`));
    const afterWrong = await leadOf(t, phone);
    const right = await postBotUpdate(t, botTap(5_550_001, offer.messageId, `accept:${lead.id}`));

    expect(wrong.status).toBe(200);
    expect(afterWrong).toMatchObject({ status: 'assigned', managerId: 'anna' });
    expect(right.status).toBe(200);
    expect(await leadOf(t, phone)).toMatchObject({ status: 'accepted', managerId: 'anna' });
    expect(answers()).toEqual(['This lead is not for this chat', 'The lead is yours ✅']);
    const edited = lastMessage(5_550_001);
    expect(edited.edits).toBe(1);
    expect(edited.text).toMatch(/✅ Accepted at \d\d:\d\d/);
    expect(edited.text).toContain('Olga');
    expect(edited.keyboard).toBeUndefined();
    const announced = await t.takeMessages('assignments');
    expect(announced).toContainEqual(
      expect.objectContaining({ type: 'lead.accepted', leadId: lead.id, managerId: 'anna' }),
    );
    expect(telegram().problems).toEqual([]);
  });

  it('answers a second tap on the same button without accepting again, and each destination gets the accept once', async () => {
    const lead = await leadOf(t, '+79991110002');
    const offer = lastMessage(5_550_001);
    telegram().reset();
    await t.takeMessages('assignments');

    const again = await postBotUpdate(t, botTap(5_550_001, offer.messageId, `accept:${lead.id}`));
    const viaApi = await t.api('POST', `/v1/leads/${lead.id}/accept`);

    expect(again.status).toBe(200);
    expect(answers()).toEqual(['You have accepted this lead already']);
    expect(viaApi).toMatchObject({ status: 200, body: { status: 'accepted', managerId: 'anna' } });
    expect(viaApi.body.acceptedAt).toBe(lead.acceptedAt);
    expect(await leadOf(t, '+79991110002')).toMatchObject({
      status: 'accepted',
      acceptedAt: lead.acceptedAt,
    });
    // Announced again (a retry after a failed announcement gets it out), as the same event: one
    // delivery per destination, and no second message in the manager's chat.
    const announced = await t.takeMessages('assignments');
    expect(announced.map((m) => m.type)).toEqual(['lead.accepted', 'lead.accepted']);
    expect(new Set(announced.map(eventIdOf)).size).toBe(1);
    await deliverAll(t);
    expect(telegram().sent(5_550_001)).toEqual([]);
  });

  it('sends a touch of an open lead as a short note, without a button', async () => {
    telegram().reset();

    await postForm(t, 'shop', { name: 'Olga', phone: '+79991110002', message: 'Any news?' });
    await deliverAll(t);

    const note = lastMessage(5_550_001);
    expect(note.text).toContain('✉️ The client got in touch again');
    expect(note.text).toContain('Any news?');
    expect(note.keyboard).toBeUndefined();
  });

  it('waits as long as Telegram’s 429 retry_after says, then sends', async () => {
    telegram().reset();
    telegram().tooManyRequests('sendMessage', 7);
    await t.purge('assignments');
    const phone = '+79991110003';

    await postForm(t, 'shop', { name: 'Petr', phone });
    await deliverAll(t);
    const first = telegram().sent(5_550_001);
    const retry = t.deliveries.scheduled.at(-1);
    clock.advance(7_000);
    await t.runDueDeliveries();

    expect(first).toHaveLength(1);
    expect(retry?.seq).toBe(2);
    const [refused, sent] = telegram()
      .sent(5_550_001)
      .map((call) => call.at.getTime());
    expect(sent).toBeDefined();
    expect((sent ?? 0) - (refused ?? 0)).toBeGreaterThanOrEqual(7_000);
    expect(lastMessage(5_550_001).text).toContain('Petr');
  });

  it('sends a chat at most one message a second, however many leads arrive at once', async () => {
    telegram().reset();

    for (const n of [4, 5, 6])
      await postForm(t, 'shop', { name: `Client ${n}`, phone: `+7999111000${n}` });
    await t.drain('router');
    await t.drain('notify');
    await deliverOneByOne(t);
    await t.runDeliveriesUntil(clock.peek().getTime() + 60_000);

    const times = telegram()
      .sent(5_550_001)
      .map((c) => c.at.getTime());
    expect(times).toHaveLength(3);
    const gaps = times.slice(1).map((at, i) => at - (times[i] ?? at));
    expect(gaps.every((gap) => gap >= 1_000)).toBe(true);
  });

  it('refuses an update without the secret token and stores nothing', async () => {
    const managers = (await t.api('GET', '/v1/managers')).body.items;
    const link = await t.api('POST', '/v1/managers/anna/telegram-link');

    const missing = await postBotUpdate(t, botMessage(5_550_003, `/start ${link.body.code}`), null);
    const wrong = await postBotUpdate(
      t,
      botMessage(5_550_003, `/start ${link.body.code}`),
      'wrong-secret',
    );

    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ error: 'unauthorized' });
    expect(wrong.status).toBe(401);
    expect((await t.api('GET', '/v1/managers')).body.items).toEqual(managers);
  });
});

describe('the Accept button after the SLA moved the lead', () => {
  const t = useTestStack({ clock, env: botEnv });

  it('tells the first manager the lead went to someone else, and lets the second accept it', async () => {
    await seedSite(t);
    await seedManager(t, 'anna');
    await seedManager(t, 'carl');
    await bindChat(t, 'anna', 6_660_001);
    await bindChat(t, 'carl', 6_660_002);
    const chatOf = (managerId: string) => (managerId === 'anna' ? 6_660_001 : 6_660_002);
    telegram().reset();
    const phone = '+79992220001';
    await postForm(t, 'shop', { name: 'Vera', phone });
    await deliverAll(t);
    const lead = await leadOf(t, phone);
    const first = lead.managerId as string;
    const second = first === 'anna' ? 'carl' : 'anna';
    const firstOffer = lastMessage(chatOf(first));

    clock.advance(121_000);
    await t.runDueSla();
    await t.drain('notify');
    await t.drain('deliver');
    const secondOffer = lastMessage(chatOf(second));
    const late = await postBotUpdate(
      t,
      botTap(chatOf(first), firstOffer.messageId, `accept:${lead.id}`),
    );
    const afterLate = await leadOf(t, phone);
    const taken = await postBotUpdate(
      t,
      botTap(chatOf(second), secondOffer.messageId, `accept:${lead.id}`),
    );

    expect(secondOffer.text).toContain('🔁 A lead passed to you');
    expect(late.status).toBe(200);
    expect(afterLate).toMatchObject({ status: 'assigned', managerId: second });
    expect(lastMessage(chatOf(first)).text).toContain('This lead went to someone else');
    expect(lastMessage(chatOf(first)).keyboard).toBeUndefined();
    expect(taken.status).toBe(200);
    expect(await leadOf(t, phone)).toMatchObject({ status: 'accepted', managerId: second });
    expect(answers()).toEqual(['This lead went to someone else', 'The lead is yours ✅']);
    expect(telegram().problems).toEqual([]);
  });
});

describe('without a notification bot', () => {
  const t = useTestStack({ clock });

  it('answers 404 on the bot’s routes', async () => {
    await seedManager(t, 'anna');

    const update = await postBotUpdate(t, botMessage(1, '/start x'));
    const link = await t.api('POST', '/v1/managers/anna/telegram-link');

    expect(update.status).toBe(404);
    expect(link.status).toBe(404);
    expect(link.body).toMatchObject({ error: 'not_found' });
  });
});
