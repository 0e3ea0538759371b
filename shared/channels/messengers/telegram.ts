import * as z from 'zod/mini';
import { matchesHash, safeEqual } from '../../crypto';
import type { LeadEvent } from '../../domain/messages';
import { messengerPhoneToE164 } from '../../domain/phone';
import { lenientInt, parseWith } from '../parse-with';
import { describeMessage, fullName, type MessengerChannel, type MessengerReply } from './types';

/**
 * Telegram Bot API webhooks (reference/messengers-forms.md §2). One Update per request,
 * authenticated by the `secret_token` given to setWebhook, which Telegram echoes in the
 * X-Telegram-Bot-Api-Secret-Token header (no HMAC, no timestamp).
 *
 * The bot is named by the URL: /v1/messengers/telegram/{bot} (letters, digits, `_`), or
 * `default` for /v1/messengers/telegram. update_id is unique per bot only, so every bot gets
 * its own URL and the event id is `telegram:<bot>:<update_id>`.
 */
export const TELEGRAM_SECRET = 'TELEGRAM_SECRET_TOKEN';
export const TELEGRAM_HEADER = 'x-telegram-bot-api-secret-token';
export const TELEGRAM_DEFAULT_BOT = 'default';
/** Telegram keeps undelivered updates for 24 hours; two days covers every retry. */
export const TELEGRAM_DEDUPE_SECONDS = 2 * 86_400;

const id = lenientInt;
const present = z.optional(z.unknown());

const User = z.lazy(() =>
  z.object({
    id,
    is_bot: z.optional(z.boolean()),
    first_name: z.optional(z.string()),
    last_name: z.optional(z.string()),
    username: z.optional(z.string()),
  }),
);

const SharedContact = z.lazy(() =>
  z.object({
    phone_number: z.string(),
    first_name: z.optional(z.string()),
    last_name: z.optional(z.string()),
    user_id: z.optional(id),
  }),
);

/** What a message may carry instead of text, and how a manager reads it. */
const MEDIA = {
  photo: 'photo',
  video: 'video',
  animation: 'animation',
  video_note: 'video message',
  voice: 'voice message',
  audio: 'audio',
  document: 'document',
  sticker: 'sticker',
  location: 'location',
  venue: 'venue',
  poll: 'poll',
  dice: 'dice',
  contact: 'contact',
} as const;

const Message = z.lazy(() =>
  z.object({
    message_id: id,
    /** Telegram's own documented example updates carry no `type`. */
    chat: z.object({ id, type: z.optional(z.string()) }),
    from: z.optional(User),
    text: z.optional(z.string()),
    caption: z.optional(z.string()),
    contact: z.optional(SharedContact),
    photo: present,
    video: present,
    animation: present,
    video_note: present,
    voice: present,
    audio: present,
    document: present,
    sticker: present,
    location: present,
    venue: present,
    poll: present,
    dice: present,
  }),
);
type Message = z.infer<typeof Message>;

/** Only `message` is read: edits, callbacks, member updates … are stripped and ignored. */
const Update = z.lazy(() =>
  z.object({
    update_id: z.pipe(id, z.number().check(z.gte(0))),
    message: z.optional(Message),
  }),
);

const mediaOf = (message: Message): string | undefined => {
  for (const [key, label] of Object.entries(MEDIA)) {
    if (message[key as keyof typeof MEDIA] !== undefined) return label;
  }
  return undefined;
};

export const telegram: MessengerChannel = {
  channel: 'telegram',
  secretNames: [TELEGRAM_SECRET],
  mediaTypes: ['application/json'],
  accountPattern: /^[A-Za-z0-9_]{1,64}$/,

  secretHeader: TELEGRAM_HEADER,

  verify(request, secret) {
    const expected = secret(TELEGRAM_SECRET);
    const given = request.headers[TELEGRAM_HEADER];
    if (!expected || !given) return false;
    // Read again from the quarantine, the header is kept as its sha256 (never the secret).
    return (
      safeEqual(given, expected) ||
      (request.secretsHashed === true && matchesHash(expected, given.toLowerCase()))
    );
  },

  parse(request, context) {
    return parseWith(Update, request.json, (update): LeadEvent[] => {
      const message = update.message;
      // A lead is a person writing to the bot in private: not a group, a channel or a bot. A
      // chat without a `type` (Telegram's documented examples) is private when it is the
      // sender's own: a private chat's id is the user's id; groups' ids are negative.
      const from = message?.from;
      if (!message || !from || from.is_bot === true) return [];
      const type = message.chat.type ?? (message.chat.id === from.id ? 'private' : undefined);
      if (type !== 'private') return [];
      const bot = request.account ?? TELEGRAM_DEFAULT_BOT;

      // A shared contact is the sender's phone only when its user_id is the sender: the
      // request_contact button sends exactly that. Anybody else's card (a forwarded contact, a
      // number typed into the address book) never becomes the sender's identity; it is kept
      // among the touch's fields for the manager to see.
      const shared = message.contact;
      const own = shared?.user_id !== undefined && shared.user_id === from.id;
      const ownPhone = own
        ? messengerPhoneToE164(shared.phone_number, context.defaultCountry)
        : undefined;
      const card =
        shared && !own
          ? {
              sharedContactPhone: phoneAsGiven(shared.phone_number, context.defaultCountry),
              ...optional('sharedContactName', fullName(shared.first_name, shared.last_name)),
            }
          : undefined;

      const name = fullName(from.first_name, from.last_name);
      const username = from.username?.slice(0, 200);
      return [
        {
          kind: 'lead',
          eventId: `telegram:${bot}:${update.update_id}`,
          channel: 'telegram',
          receivedAt: context.receivedAt.toISOString(),
          dedupeWindowSeconds: TELEGRAM_DEDUPE_SECONDS,
          source: { account: bot },
          contact: {
            ...(name ? { name } : {}),
            ...(ownPhone?.ok ? { phone: ownPhone.e164 } : {}),
            messenger: {
              channel: 'telegram',
              id: String(from.id),
              ...(username ? { username } : {}),
            },
          },
          ...optional('text', describeMessage(mediaOf(message), message.text ?? message.caption)),
          ...(card ? { fields: card } : {}),
        },
      ];
    });
  },

  reply: (_request, events): MessengerReply => ({
    body: JSON.stringify({ accepted: events.length }),
    contentType: 'application/json',
  }),
};

const phoneAsGiven = (input: string, defaultCountry: string): string => {
  const phone = messengerPhoneToE164(input, defaultCountry);
  return phone.ok ? phone.e164 : input.slice(0, 64);
};

const optional = <K extends string>(key: K, value: string | undefined) =>
  (value ? { [key]: value } : {}) as Partial<Record<K, string>>;
