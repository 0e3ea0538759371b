import { channelLabel, type Texts } from './texts';

/** Telegram's limits (Bot API): a message is 1–4096 characters after entities parsing. */
export const TELEGRAM_TEXT_LIMIT = 4096;
/** callback_data of an inline button: 1–64 bytes. */
export const CALLBACK_DATA_LIMIT_BYTES = 64;
/** answerCallbackQuery's text: 0–200 characters. */
export const CALLBACK_ANSWER_LIMIT = 200;

export const ACCEPT_PREFIX = 'accept:';

/** The button's data for a lead, or undefined when it would not fit Telegram's 64 bytes. */
export const acceptData = (leadId: string): string | undefined => {
  const data = `${ACCEPT_PREFIX}${leadId}`;
  return new TextEncoder().encode(data).length <= CALLBACK_DATA_LIMIT_BYTES ? data : undefined;
};

/** parse_mode HTML: only <, > and & are special outside tags (Bot API "HTML style"). */
export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** What a Telegram client shows for an HTML text: tags dropped, each entity one character. */
export const visibleLength = (html: string): number =>
  html.replace(/<[^>]*>/g, '').replace(/&(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi, '_').length;

/** Cuts plain text to at most `max` UTF-16 units (Telegram's count), never inside a pair. */
export const cutText = (text: string, max: number): string => {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
};

export type LeadMessageType =
  | 'lead.assigned'
  | 'lead.reassigned'
  | 'callback.assigned'
  | 'lead.touched';

export type LeadFacts = {
  readonly type: LeadMessageType;
  readonly contact: {
    readonly name?: string | undefined;
    readonly phone?: string | undefined;
    readonly email?: string | undefined;
  };
  readonly channel: string;
  readonly text?: string | undefined;
  /** When the offer runs out (offers only). */
  readonly deadline?: string | undefined;
};

/** "10:17 (27.11)": the time in the business time zone, with its day. */
export const formatTime = (iso: string, timeZone: string): string => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      day: '2-digit',
      month: '2-digit',
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.hour}:${parts.minute} (${parts.day}.${parts.month})`;
};

/**
 * The message a manager gets: who, how to reach them, by which channel, what they wrote, and
 * the deadline to accept; `status` (plain text) is added when the message is edited later.
 * HTML parse mode, every value escaped, within 4096 visible characters (the client's text is
 * shortened to fit).
 */
export const renderLeadMessage = (
  facts: LeadFacts,
  options: { readonly texts: Texts; readonly timeZone: string; readonly status?: string },
): string => {
  const { texts } = options;
  const lines = [
    `<b>${escapeHtml(texts.titles[facts.type])}</b>`,
    `👤 <b>${escapeHtml(facts.contact.name ?? texts.noName)}</b>`,
    ...(facts.contact.phone ? [`📞 ${escapeHtml(facts.contact.phone)}`] : []),
    ...(facts.contact.email ? [`✉️ ${escapeHtml(facts.contact.email)}`] : []),
    `${escapeHtml(texts.channel)}: ${escapeHtml(channelLabel(texts, facts.channel))}`,
  ];
  const after = [
    ...(facts.deadline
      ? [`⏱ ${escapeHtml(texts.acceptBy(formatTime(facts.deadline, options.timeZone)))}`]
      : []),
    ...(options.status ? ['', `<b>${escapeHtml(options.status)}</b>`] : []),
  ];
  const compose = (text: string | undefined) =>
    [...lines, ...(text === undefined ? [] : ['', `<i>${text}</i>`]), ...after].join('\n');
  if (!facts.text) return compose(undefined);
  const budget = TELEGRAM_TEXT_LIMIT - visibleLength(compose(''));
  return compose(escapeHtml(cutText(facts.text, budget)));
};
