import * as z from 'zod/mini';
import type { EventType } from '../../domain/notify/events';
import {
  acceptData,
  type LeadMessageType,
  renderLeadMessage,
} from '../../domain/notify/telegram-text';
import { bookSecond, PACING_LOOKAHEAD_SECONDS, waitUntil } from '../pacing';
import type { Destination } from './types';

const Payload = z.object({
  chatId: z.string().check(z.regex(/^-?\d{1,20}$/)),
  /** Rendered HTML, within Telegram's 4096 characters. */
  text: z.string().check(z.minLength(1)),
  /** The lead the Accept button takes; none for a note. */
  acceptLeadId: z.optional(z.string()),
});
type Payload = z.infer<typeof Payload>;

/** Bot API limits (FAQ): about one message a second in one chat, about 30 a second in all. */
export const TELEGRAM_LIMITS = { perChat: 1, perBot: 30 } as const;

const OFFERS: readonly EventType[] = ['lead.assigned', 'lead.reassigned', 'callback.assigned'];
const NOTES: readonly EventType[] = ['lead.touched'];

/**
 * The company's notification bot: each offer (assigned, reassigned, callback) to the manager's
 * chat with an Accept button, each touch as a short note. Paced through DynamoDB, so every
 * function instance keeps to it: one message a second apart per chat, 30 a second per bot (a
 * wait of up to 2 s inside the function; a longer one goes back to the queue). Telegram's own
 * 429 waits its `retry_after`.
 */
export const telegramDestination: Destination<Payload> = {
  name: 'telegram',
  payload: Payload,

  wants: (type, context) => context.telegram && (OFFERS.includes(type) || NOTES.includes(type)),

  plan(event, context) {
    const offer = OFFERS.includes(event.type);
    if (!telegramDestination.wants(event.type, context)) return [];
    const chatId = event.manager?.telegramChatId;
    const lead = event.lead;
    if (!chatId || !lead || !event.manager) return [];
    const deadline =
      offer && lead.assignedAt
        ? new Date(Date.parse(lead.assignedAt) + context.acceptTimeoutSeconds * 1000).toISOString()
        : undefined;
    const text = renderLeadMessage(
      {
        type: event.type as LeadMessageType,
        contact: {
          name: event.contact?.name,
          phone: event.contact?.phones[0],
          email: event.contact?.emails[0],
        },
        channel: offer ? lead.firstChannel : (event.touch?.channel ?? lead.firstChannel),
        text: offer ? lead.text : event.touch?.text,
        deadline,
      },
      { texts: context.texts, timeZone: context.timeZone },
    );
    return [
      {
        target: event.manager.id,
        payload: {
          chatId,
          text,
          ...(offer && acceptData(lead.id) ? { acceptLeadId: lead.id } : {}),
        },
      },
    ];
  },

  async attempt(attempt, deps) {
    const bot = deps.telegram;
    if (!bot) return { outcome: 'stop', error: 'no notification bot is configured' };
    const { chatId, text, acceptLeadId } = attempt.payload;
    // A chat: one message a second apart from the one before. The bot: 30 in any one second.
    const turn = await deps.rateSlots.space(
      `telegram:chat:${chatId}`,
      1000 / TELEGRAM_LIMITS.perChat,
      deps.now(),
      PACING_LOOKAHEAD_SECONDS * 1000,
    );
    const second =
      turn === undefined
        ? undefined
        : await bookSecond(
            deps.rateSlots,
            [{ limiter: 'telegram:bot', perSecond: TELEGRAM_LIMITS.perBot }],
            new Date(turn),
          );
    if (turn === undefined || second === undefined) {
      return { outcome: 'wait', afterSeconds: 2, attempted: false, error: 'paced: no free turn' };
    }
    await waitUntil(Math.max(turn, second * 1000), deps.now(), deps.sleep);
    const data = acceptLeadId ? acceptData(acceptLeadId) : undefined;
    const answer = await bot.sendMessage({
      chatId,
      text,
      keyboard: data ? [[{ text: deps.texts.acceptButton, callback_data: data }]] : undefined,
    });
    if (answer.ok) return { outcome: 'delivered', statusCode: 200 };
    if (answer.status === 429) {
      return {
        outcome: 'wait',
        afterSeconds: Math.max(1, answer.retryAfter ?? 1),
        attempted: true,
        statusCode: 429,
        error: 'Telegram: too many requests',
      };
    }
    const error = `Telegram: ${answer.status ?? 'no answer'} ${answer.description ?? ''}`.trim();
    // 400 (chat not found) and 403 (the manager blocked the bot) do not heal by waiting.
    const permanent = answer.status === 400 || answer.status === 403;
    return { outcome: 'failed', statusCode: answer.status, error, permanent };
  },
};
