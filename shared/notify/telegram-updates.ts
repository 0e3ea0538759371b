import * as z from 'zod/mini';
import { sha256Hex } from '../crypto';
import {
  ACCEPT_PREFIX,
  CALLBACK_ANSWER_LIMIT,
  escapeHtml,
  formatTime,
  type LeadMessageType,
  renderLeadMessage,
} from '../domain/notify/telegram-text';
import type { Texts } from '../domain/notify/texts';
import type { Lead } from '../domain/types';
import { logger } from '../logger';
import type { ManagerStore, TelegramLinkStore } from '../ports';
import { acceptLeadById, type LeadUpdateDeps } from '../usecases/accept-lead';
import type { TelegramBotApi } from './telegram-bot-api';

/** The parts of a Bot API Update this bot reads; everything else is ignored (built on the first). */
const Chat = z.lazy(() => z.object({ id: z.number().check(z.int()) }));
export const TelegramUpdateSchema = z.lazy(() =>
  z.object({
    update_id: z.number(),
    message: z.optional(
      z.object({
        message_id: z.number(),
        chat: Chat,
        text: z.optional(z.string()),
      }),
    ),
    callback_query: z.optional(
      z.object({
        id: z.string(),
        from: z.object({ id: z.number() }),
        message: z.optional(z.object({ message_id: z.number(), chat: Chat })),
        data: z.optional(z.string()),
      }),
    ),
  }),
);
export type TelegramUpdate = z.infer<typeof TelegramUpdateSchema>;

export type TelegramUpdateDeps = LeadUpdateDeps & {
  readonly managers: ManagerStore;
  readonly telegramLinks: TelegramLinkStore;
  readonly bot: TelegramBotApi;
  readonly texts: Texts;
  readonly timeZone: string;
};

const START = /^\/start(?:@\w+)?(?:\s+(\S+))?\s*$/;
const CODE = /^[A-Za-z0-9_-]{1,64}$/;

/** Telegram's answer failing (too old a callback, message not modified) costs only the answer. */
const tell = async (
  what: string,
  call: Promise<{ readonly ok: boolean; readonly status?: number }>,
) => {
  const answer = await call;
  if (!answer.ok) logger.warn('Telegram refused a reply', { what, status: answer.status });
};

/**
 * An update of the managers' bot: `/start <code>` binds the chat to the manager the code was made
 * for (once, within 24 h); a tap on Accept accepts the lead through the same use case as the API,
 * answers the tap and edits the message. A tap from a chat that is not the lead's manager's
 * changes nothing; the answer says why.
 */
export const handleTelegramUpdate = async (
  deps: TelegramUpdateDeps,
  update: TelegramUpdate,
): Promise<void> => {
  if (update.callback_query) return onTap(deps, update.callback_query);
  const message = update.message;
  const start = message?.text ? START.exec(message.text.trim()) : null;
  if (!message || !start) return;
  const chatId = String(message.chat.id);
  const reply = (text: string) => tell('start', deps.bot.sendMessage({ chatId, text }));
  const code = start[1];
  if (!code) return reply(escapeHtml(deps.texts.start.noCode));
  const managerId = CODE.test(code)
    ? await deps.telegramLinks.consume(sha256Hex(code), deps.now())
    : undefined;
  const manager = managerId ? await deps.managers.get(managerId) : undefined;
  if (!manager) {
    logger.info('telegram link refused', { reason: 'unknown, used or expired code' });
    return reply(escapeHtml(deps.texts.start.badCode));
  }
  await deps.managers.bindTelegramChat(manager.id, chatId, deps.now().toISOString());
  logger.info('telegram chat bound', { managerId: manager.id });
  return reply(escapeHtml(deps.texts.start.bound(manager.name)));
};

type Tap = NonNullable<TelegramUpdate['callback_query']>;

const onTap = async (deps: TelegramUpdateDeps, tap: Tap): Promise<void> => {
  const { texts } = deps;
  const answer = (text: string) =>
    tell(
      'answerCallbackQuery',
      deps.bot.answerCallbackQuery(tap.id, text.slice(0, CALLBACK_ANSWER_LIMIT)),
    );
  const data = tap.data ?? '';
  if (!data.startsWith(ACCEPT_PREFIX)) return answer(texts.answers.stale);
  const leadId = data.slice(ACCEPT_PREFIX.length);
  const chatId = String(tap.message?.chat.id ?? tap.from.id);

  const lead = await deps.leads.get(leadId);
  if (!lead) return answer(texts.answers.notFound);
  const ofChat = (await deps.managers.list()).filter((m) => m.telegramChatId === chatId);
  const me = ofChat.find((m) => m.id === lead.managerId) ?? ofChat[0];
  if (!me) {
    logger.info('accept tap refused', { leadId, reason: 'chat of no manager' });
    return answer(texts.answers.notThisChat);
  }

  const result = await acceptLeadById(deps, leadId, { managerId: me.id });
  const edit = (current: Lead, status: string) => editOffer(deps, tap, current, status);
  switch (result.outcome) {
    case 'accepted': {
      if (!result.already) logger.info('lead accepted from Telegram', { leadId, managerId: me.id });
      await answer(result.already ? texts.answers.already : texts.answers.accepted);
      const at = result.lead.acceptedAt ?? deps.now().toISOString();
      return edit(result.lead, texts.acceptedAt(formatTime(at, deps.timeZone)));
    }
    case 'not_yours': {
      const detail = await deps.leads.detail(leadId);
      const wasOffered = detail?.assignments.some((a) => a.managerId === me.id) ?? false;
      logger.info('accept tap refused', { leadId, managerId: me.id, reason: 'not theirs' });
      if (!wasOffered) return answer(texts.answers.notThisChat);
      await answer(texts.answers.moved);
      return edit(result.lead, texts.wentToSomeoneElse);
    }
    case 'moved':
    case 'not_assigned': {
      const closed = result.lead.status === 'closed';
      await answer(closed ? texts.answers.closed : texts.answers.moved);
      return edit(result.lead, closed ? texts.closed : texts.wentToSomeoneElse);
    }
    case 'not_found':
      return answer(texts.answers.notFound);
    default:
      return result satisfies never;
  }
};

/** The offer as it was sent, without its button and deadline, with what became of it. */
const editOffer = async (deps: TelegramUpdateDeps, tap: Tap, lead: Lead, status: string) => {
  if (!tap.message) return;
  const [contact, detail] = await Promise.all([
    deps.contacts.get(lead.contactId),
    deps.leads.detail(lead.id),
  ]);
  const last = detail?.assignments.at(-1);
  const type: LeadMessageType =
    lead.kind === 'callback'
      ? 'callback.assigned'
      : last?.type === 'reassigned'
        ? 'lead.reassigned'
        : 'lead.assigned';
  const text = renderLeadMessage(
    {
      type,
      contact: { name: contact?.name, phone: contact?.phones[0], email: contact?.emails[0] },
      channel: lead.firstChannel,
      text: lead.text,
    },
    { texts: deps.texts, timeZone: deps.timeZone, status },
  );
  await tell(
    'editMessageText',
    deps.bot.editMessageText({
      chatId: String(tap.message.chat.id),
      messageId: tap.message.message_id,
      text,
    }),
  );
};
