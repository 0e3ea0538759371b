import * as z from 'zod/mini';
import { hmacHex, safeEqual } from '../../crypto';
import type { LeadEvent } from '../../domain/messages';
import { messengerPhoneToE164 } from '../../domain/phone';
import { toIssues } from '../parse-with';
import type { Issue, ParseResult } from '../types';
import {
  describeMessage,
  fullName,
  type MessengerChannel,
  type MessengerContext,
  type MessengerReply,
  TEXT,
} from './types';

/**
 * WhatsApp Business Cloud API webhooks (reference/messengers-forms.md §3). Meta verifies the
 * callback URL with a GET (hub.mode, hub.verify_token, hub.challenge), then POSTs
 * notifications signed `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the
 * app secret>`. The body arrives with non-ASCII \uXXXX-escaped, so only the bytes as received
 * verify; re-serialized JSON would not.
 */
export const WHATSAPP_APP_SECRET = 'WHATSAPP_APP_SECRET';
export const WHATSAPP_VERIFY_TOKEN = 'WHATSAPP_VERIFY_TOKEN';
export const WHATSAPP_SIGNATURE_HEADER = 'x-hub-signature-256';
/** Meta retries a notification for up to 7 days (and to every app on the account): 8 days. */
export const WHATSAPP_DEDUPE_SECONDS = 8 * 86_400;

/**
 * Message types that are not somebody writing to us anew: acknowledged, nothing stored. An
 * `edit` is a message already received, changed; a `revoke` takes one back (as Telegram's edits,
 * reference/messengers-forms.md §2.3).
 */
const NOT_LEADS = new Set(['reaction', 'system', 'request_welcome', 'edit', 'revoke']);

// Built with Message, on first use (`z.lazy`), as the payload schemas are.
const caption = z.lazy(() => z.optional(z.object({ caption: z.optional(z.string()) })));
const title = z.lazy(() => z.optional(z.object({ title: z.optional(z.string()) })));

const Message = z.lazy(() =>
  z.object({
    /** The sender's number as digits (wa_id); may be absent for WhatsApp username users. */
    from: z.optional(z.string().check(z.maxLength(64))),
    /** Business-scoped user id (BSUID), being rolled out with usernames. */
    user_id: z.optional(z.string().check(z.maxLength(200))),
    id: z.string().check(z.minLength(1), z.maxLength(200)),
    /**
     * New types keep coming (Meta adds them): any is read, described by its name. Some of Meta's
     * own examples leave it out (the `contacts` one): then the content present says what it is.
     */
    type: z.optional(z.string()),
    text: z.optional(z.object({ body: z.string() })),
    image: caption,
    video: caption,
    document: caption,
    sticker: caption,
    audio: caption,
    interactive: z.optional(
      z.object({ type: z.optional(z.string()), button_reply: title, list_reply: title }),
    ),
    button: z.optional(z.object({ text: z.optional(z.string()) })),
    location: z.optional(
      z.object({ name: z.optional(z.string()), address: z.optional(z.string()) }),
    ),
    contacts: z.optional(z.unknown()),
    reaction: z.optional(z.unknown()),
    order: z.optional(z.unknown()),
    system: z.optional(z.unknown()),
  }),
);
type Message = z.infer<typeof Message>;

/** The content keys of a message, for one that does not name its type. */
const CONTENT_KEYS = [
  'text',
  'image',
  'video',
  'document',
  'sticker',
  'audio',
  'interactive',
  'button',
  'location',
  'contacts',
  'reaction',
  'order',
  'system',
] as const;

/** The message's type as sent, or the content it carries when it names none. */
const typeOf = (message: Message): string =>
  message.type ?? CONTENT_KEYS.find((key) => message[key] !== undefined) ?? 'message';

const Profile = z.lazy(() =>
  z.object({
    wa_id: z.optional(z.string()),
    user_id: z.optional(z.string()),
    profile: z.optional(z.object({ name: z.optional(z.string()) })),
  }),
);
type Profile = z.infer<typeof Profile>;

/** The value of a `messages` change: inbound messages, or status receipts of ours. */
const MessagesValue = z.lazy(() =>
  z.object({
    metadata: z.optional(
      z.object({ phone_number_id: z.string().check(z.minLength(1), z.maxLength(64)) }),
    ),
    contacts: z.optional(z.array(Profile)),
    messages: z.optional(z.array(Message)),
  }),
);

const Notification = z.lazy(() =>
  z.object({
    object: z.string(),
    entry: z.array(
      z.object({
        changes: z.optional(z.array(z.object({ field: z.string(), value: z.unknown() }))),
      }),
    ),
  }),
);

const textOf = (message: Message): string | undefined => {
  const type = typeOf(message);
  switch (type) {
    case 'text':
      return describeMessage(undefined, message.text?.body);
    case 'image':
    case 'video':
    case 'document':
    case 'sticker':
    case 'audio':
      return describeMessage(type, message[type]?.caption);
    case 'interactive': {
      // A button or list reply says its title; other replies (a flow, a call permission) their kind.
      const chosen =
        message.interactive?.button_reply?.title ?? message.interactive?.list_reply?.title;
      if (chosen?.trim()) return describeMessage(undefined, chosen);
      return describeMessage(message.interactive?.type?.slice(0, 64) || 'interactive', undefined);
    }
    case 'button':
      return describeMessage(undefined, message.button?.text);
    case 'location': {
      const place = [message.location?.name, message.location?.address].filter(Boolean);
      return describeMessage('location', place.join(', '));
    }
    default:
      return describeMessage(type.slice(0, 64) || 'message', undefined);
  }
};

const profileOf = (message: Message, contacts: readonly Profile[]): Profile | undefined =>
  contacts.find(
    (c) =>
      (message.from !== undefined && c.wa_id === message.from) ||
      (message.user_id !== undefined && c.user_id === message.user_id),
  ) ?? (contacts.length === 1 ? contacts[0] : undefined);

const toLeadEvent = (
  message: Message,
  phoneNumberId: string,
  contacts: readonly Profile[],
  context: MessengerContext,
): LeadEvent | undefined => {
  // The account is the wa_id (the number WhatsApp gives), or the BSUID when no number came.
  const accountId = message.from ?? message.user_id;
  if (!accountId) return undefined; // nobody to answer: not a lead
  const phone = message.from
    ? messengerPhoneToE164(message.from, context.defaultCountry)
    : undefined;
  const name = fullName(profileOf(message, contacts)?.profile?.name);
  const text = textOf(message);
  return {
    kind: 'lead',
    eventId: `whatsapp:${phoneNumberId}:${message.id}`,
    channel: 'whatsapp',
    receivedAt: context.receivedAt.toISOString(),
    dedupeWindowSeconds: WHATSAPP_DEDUPE_SECONDS,
    source: { account: phoneNumberId },
    contact: {
      ...(name ? { name } : {}),
      ...(phone?.ok ? { phone: phone.e164 } : {}),
      messenger: { channel: 'whatsapp', id: accountId },
    },
    ...(text ? { text } : {}),
  };
};

export const whatsapp: MessengerChannel = {
  channel: 'whatsapp',
  secretNames: [WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN],
  mediaTypes: ['application/json'],

  handshake(request, secret) {
    const token = secret(WHATSAPP_VERIFY_TOKEN);
    const given = request.query.get('hub.verify_token');
    const challenge = request.query.get('hub.challenge');
    const valid =
      request.query.get('hub.mode') === 'subscribe' &&
      token !== undefined &&
      given !== null &&
      challenge !== null &&
      challenge.length > 0 &&
      challenge.length <= 512 &&
      safeEqual(given, token);
    return valid ? { body: challenge, contentType: TEXT } : 'forbidden';
  },

  verify(request, secret) {
    const key = secret(WHATSAPP_APP_SECRET);
    const header = request.headers[WHATSAPP_SIGNATURE_HEADER]?.trim();
    const hex = header?.startsWith('sha256=') ? header.slice(7) : undefined;
    if (!key || !hex || !/^[0-9a-fA-F]{64}$/.test(hex)) return false;
    return safeEqual(hex.toLowerCase(), hmacHex('sha256', key, Buffer.from(request.bytes)));
  },

  parse(request, context): ParseResult<readonly LeadEvent[]> {
    const notification = Notification.safeParse(request.json);
    if (!notification.success) return { ok: false, issues: toIssues(notification.error.issues) };
    // Another Meta product posting to this URL (a Page, Instagram): acknowledged, not ours.
    if (notification.data.object !== 'whatsapp_business_account') return { ok: true, value: [] };

    const events: LeadEvent[] = [];
    const issues: Issue[] = [];
    for (const [e, entry] of notification.data.entry.entries()) {
      for (const [c, change] of (entry.changes ?? []).entries()) {
        if (change.field !== 'messages') continue; // account, template, quality updates
        const at = `entry.${e}.changes.${c}.value`;
        const value = MessagesValue.safeParse(change.value);
        if (!value.success) {
          issues.push(...prefixed(at, toIssues(value.error.issues)));
          continue;
        }
        const messages = value.data.messages ?? []; // statuses only: nothing to keep
        if (messages.length === 0) continue;
        const phoneNumberId = value.data.metadata?.phone_number_id;
        if (!phoneNumberId) {
          issues.push({ path: `${at}.metadata.phone_number_id`, message: 'required' });
          continue;
        }
        for (const message of messages) {
          if (NOT_LEADS.has(typeOf(message))) continue;
          const event = toLeadEvent(message, phoneNumberId, value.data.contacts ?? [], context);
          if (event) events.push(event);
        }
      }
    }
    return issues.length > 0
      ? { ok: false, issues: issues.slice(0, 20) }
      : { ok: true, value: events };
  },

  reply: (_request, events): MessengerReply => ({
    body: JSON.stringify({ accepted: events.length }),
    contentType: 'application/json',
  }),
};

const prefixed = (prefix: string, issues: readonly Issue[]): Issue[] =>
  issues.map((issue) => ({
    path: issue.path ? `${prefix}.${issue.path}` : prefix,
    message: issue.message,
  }));
