import { describe, expect, it } from 'vitest';
import { telegram } from '../../../shared/channels/messengers/telegram';
import { loadConfig } from '../../../shared/config';
import { LeadEventSchema } from '../../../shared/domain/messages';
import {
  MESSENGER_SECRETS,
  messengerRequest,
  type TelegramMessageInput,
  telegramUpdate,
} from '../../support/messengers';

const secret = loadConfig(MESSENGER_SECRETS).secret;
const context = { receivedAt: new Date('2026-11-27T07:00:00Z'), defaultCountry: 'RU' };

const request = (update: unknown, init: { token?: string; account?: string } = {}) =>
  messengerRequest({
    body: JSON.stringify(update),
    headers: {
      'X-Telegram-Bot-Api-Secret-Token': init.token ?? MESSENGER_SECRETS.TELEGRAM_SECRET_TOKEN,
    },
    ...(init.account ? { account: init.account } : {}),
  });

const parseMessage = (input: TelegramMessageInput, account?: string) => {
  const result = telegram.parse(request(telegramUpdate(input), { account }), context);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
};

describe('telegram.verify', () => {
  it('accepts the secret token given to setWebhook', () => {
    expect(telegram.verify(request({}), secret, context.receivedAt)).toBe(true);
  });

  it.each([
    ['a wrong token', { 'X-Telegram-Bot-Api-Secret-Token': 'guess' }],
    [
      'a token differing in case',
      {
        'X-Telegram-Bot-Api-Secret-Token': MESSENGER_SECRETS.TELEGRAM_SECRET_TOKEN.toUpperCase(),
      },
    ],
    ['no token', {}],
  ])('refuses %s', (_, headers) => {
    const unsigned = messengerRequest({ body: '{}', headers });

    expect(telegram.verify(unsigned, secret, context.receivedAt)).toBe(false);
  });

  it('refuses everything while no token is configured', () => {
    expect(telegram.verify(request({}), loadConfig({}).secret, context.receivedAt)).toBe(false);
  });
});

describe('telegram.parse', () => {
  it('maps a private text message to a lead event from the sender’s account', () => {
    const events = parseMessage({
      updateId: 881_000_001,
      fromId: 700_100_200,
      firstName: 'Ivan',
      lastName: 'Petrov',
      username: 'ivan_p',
      text: 'Здравствуйте! Сколько стоит доставка?',
    });

    expect(events).toEqual([
      {
        kind: 'lead',
        eventId: 'telegram:default:881000001',
        channel: 'telegram',
        receivedAt: '2026-11-27T07:00:00.000Z',
        dedupeWindowSeconds: 2 * 86_400,
        source: { account: 'default' },
        contact: {
          name: 'Ivan Petrov',
          messenger: { channel: 'telegram', id: '700100200', username: 'ivan_p' },
        },
        text: 'Здравствуйте! Сколько стоит доставка?',
      },
    ]);
    expect(LeadEventSchema.safeParse(events[0]).success).toBe(true);
  });

  it('names the bot from the URL in the event id', () => {
    const [event] = parseMessage({ updateId: 5, text: 'hi' }, 'shop_bot');

    expect(event).toMatchObject({
      eventId: 'telegram:shop_bot:5',
      source: { account: 'shop_bot' },
    });
  });

  it.each([
    ['with a plus', '+7 912 345-67-89'],
    ['as bare digits', '79123456789'],
  ])('takes the phone of a contact the sender shared as their own, %s', (_, phone) => {
    const [event] = parseMessage({
      updateId: 6,
      fromId: 42,
      contact: { phone_number: phone, first_name: 'Ivan', user_id: 42 },
    });

    expect(event?.contact).toMatchObject({
      phone: '+79123456789',
      messenger: { channel: 'telegram', id: '42' },
    });
    expect(event?.text).toBe('[contact]');
    expect(event?.fields).toBeUndefined();
  });

  it.each([
    ['somebody else’s card', 4242],
    ['a card without a Telegram user', undefined],
  ])('keeps %s among the fields, never as the sender’s phone', (_, userId) => {
    const [event] = parseMessage({
      updateId: 7,
      fromId: 42,
      contact: {
        phone_number: '89161112233',
        first_name: 'Colleague',
        ...(userId ? { user_id: userId } : {}),
      },
    });

    expect(event?.contact.phone).toBeUndefined();
    expect(event?.contact.messenger).toEqual({ channel: 'telegram', id: '42' });
    expect(event?.fields).toEqual({
      sharedContactPhone: '+79161112233',
      sharedContactName: 'Colleague',
    });
  });

  it('describes a photo by its caption', () => {
    const [event] = parseMessage({
      updateId: 8,
      extra: { photo: [{ file_id: 'x', width: 90, height: 90 }], caption: 'Вот такой нужен' },
    });

    expect(event?.text).toBe('[photo] Вот такой нужен');
  });

  it('describes a sticker without text', () => {
    const [event] = parseMessage({ updateId: 9, extra: { sticker: { file_id: 's' } } });

    expect(event?.text).toBe('[sticker]');
  });

  it.each([
    [
      'an edited message',
      { update_id: 10, edited_message: telegramUpdate({ updateId: 10, text: 'x' }).message },
    ],
    [
      'a callback query',
      { update_id: 11, callback_query: { id: '1', from: { id: 1 }, data: 'y' } },
    ],
    [
      'a block by the user',
      { update_id: 12, my_chat_member: { chat: { id: 1 }, from: { id: 1 } } },
    ],
    ['a group message', telegramUpdate({ updateId: 13, chatType: 'group', text: 'hi all' })],
    [
      'a message from a bot',
      {
        update_id: 14,
        message: {
          ...(telegramUpdate({ updateId: 14, text: 'beep' }).message as object),
          from: { id: 9, is_bot: true, first_name: 'Bot' },
        },
      },
    ],
  ])('gives no event for %s', (_, update) => {
    expect(telegram.parse(request(update), context)).toEqual({ ok: true, value: [] });
  });

  it('reports the issues of an update without an update_id', () => {
    const result = telegram.parse(request({ message: { text: 'x' } }), context);

    expect(result).toMatchObject({
      ok: false,
      issues: expect.arrayContaining([expect.objectContaining({ path: 'update_id' })]),
    });
  });

  it('caps a long text at 10 000 characters', () => {
    const [event] = parseMessage({ updateId: 15, text: 'я'.repeat(20_000) });

    expect(event?.text).toHaveLength(10_000);
    expect(LeadEventSchema.safeParse(event).success).toBe(true);
  });
});

describe('telegram.reply', () => {
  it('answers a small JSON body without a Bot API method', () => {
    const answer = telegram.reply(request({}), [], secret);

    expect(JSON.parse(answer.body)).toEqual({ accepted: 0 });
  });
});

describe('telegram.parse, read leniently', () => {
  // Telegram's own example update (core.telegram.org/bots/webhooks#testing-your-bot-with-updates):
  // no chat.type, no from.is_bot.
  const documented = {
    update_id: 10000,
    message: {
      date: 1441645532,
      chat: { last_name: 'Test Lastname', id: 1111111, first_name: 'Test', username: 'Test' },
      message_id: 1365,
      from: { last_name: 'Test Lastname', id: 1111111, first_name: 'Test', username: 'Test' },
      text: '/start',
    },
  };

  it('reads Telegram’s documented example update, which has no chat.type and no from.is_bot', () => {
    const result = telegram.parse(request(documented), context);

    expect(result).toMatchObject({
      ok: true,
      value: [
        {
          eventId: 'telegram:default:10000',
          contact: { name: 'Test Test Lastname', messenger: { id: '1111111', username: 'Test' } },
          text: '/start',
        },
      ],
    });
  });

  it('takes a chat without a type that is not the sender’s own for a group: no lead', () => {
    const group = { ...documented, message: { ...documented.message, chat: { id: -100123 } } };

    expect(telegram.parse(request(group), context)).toEqual({ ok: true, value: [] });
  });

  it('reads ids sent as strings of digits', () => {
    const stringly = JSON.parse(JSON.stringify(documented).replace(/:(\d+)/g, ':"$1"'));

    const result = telegram.parse(request(stringly), context);

    expect(result).toMatchObject({ ok: true, value: [{ eventId: 'telegram:default:10000' }] });
  });
});
