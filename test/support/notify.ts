import { expect } from 'vitest';
import { pollOnce } from '../../local/poller';
import type { TestStack } from './test-stack';

/** The managers' bot's secret_token in tests (made up). */
export const NOTIFY_SECRET = 'notify-secret_0123456789';

type Client = Pick<TestStack, 'api' | 'request' | 'toJson'>;

/** Posts a bot update as Telegram does, with the secret_token header. */
export const postBotUpdate = (t: Client, update: unknown, secret: string | null = NOTIFY_SECRET) =>
  t
    .request('/v1/notify/telegram', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(secret ? { 'X-Telegram-Bot-Api-Secret-Token': secret } : {}),
      },
      body: JSON.stringify(update),
    })
    .then(t.toJson);

let updateId = 1_000;

/** A private message to the bot. */
export const botMessage = (chatId: number, text: string) => ({
  update_id: ++updateId,
  message: {
    message_id: updateId,
    date: 1_795_000_000,
    chat: { id: chatId, type: 'private', first_name: 'Anna' },
    from: { id: chatId, is_bot: false, first_name: 'Anna' },
    text,
  },
});

/** A tap on an inline button of a message the bot sent to `chatId`. */
export const botTap = (chatId: number, messageId: number, data: string) => ({
  update_id: ++updateId,
  callback_query: {
    id: `cbq-${updateId}`,
    from: { id: chatId, is_bot: false, first_name: 'Anna' },
    message: { message_id: messageId, date: 1_795_000_000, chat: { id: chatId, type: 'private' } },
    chat_instance: '-1',
    data,
  },
});

/** A manager binds their chat the way the docs say: the link's /start code, sent by Telegram. */
export const bindChat = async (t: Client, managerId: string, chatId: number) => {
  const link = await t.api('POST', `/v1/managers/${managerId}/telegram-link`);
  expect(link.status).toBe(200);
  const started = await postBotUpdate(t, botMessage(chatId, `/start ${link.body.code}`));
  expect(started.status).toBe(200);
  return link.body as { code: string; url: string; expiresAt: string };
};

/** Everything a form sets going: the router, the notify fan-out, the first attempts. */
export const deliverAll = async (t: Pick<TestStack, 'drain'>) => {
  await t.drain('router');
  await t.drain('notify');
  await t.drain('deliver');
};

/**
 * Invokes the deliver function one message at a time: pacing waits move the test clock, which
 * only means something when the waits do not overlap.
 */
export const deliverOneByOne = async (t: Pick<TestStack, 'stack'>): Promise<number> => {
  let total = 0;
  while ((await pollOnce({ ...t.stack.consumers.deliver, batchSize: 1, waitTimeSeconds: 0 })) > 0) {
    total++;
  }
  return total;
};
