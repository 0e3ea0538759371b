import * as z from 'zod/mini';
import { matchesHash, safeEqual } from '../../crypto';
import type { LeadEvent } from '../../domain/messages';
import { lenientInt, toIssues } from '../parse-with';
import { describeMessage, type MessengerChannel, TEXT } from './types';

/**
 * VK Callback API (reference/messengers-forms.md §4). Every notification is JSON with `type`,
 * `group_id`, `event_id`, `object` and the server's `secret` inside the body (a shared secret,
 * not a signature). `confirmation` is answered with the community's confirmation string,
 * everything else accepted with the text `ok` — anything else makes VK retry, then pause.
 *
 * The community may be pinned in the URL: /v1/messengers/vk/{group_id}. Then a request for any
 * other group_id, the confirmation included, is refused; without it the secret alone decides.
 */
export const VK_SECRET = 'VK_SECRET';
export const VK_CONFIRMATION_CODE = 'VK_CONFIRMATION_CODE';
/** VK does not document how long it retries; event ids are unique, so keep them long. */
export const VK_DEDUPE_SECONDS = 8 * 86_400;
/** peer_id from here on is a group chat, not a person's dialog with the community. */
const GROUP_CHAT_PEERS = 2_000_000_000;

const int = lenientInt;

/** No `v` is needed: bodies without it (VK's older docs and API versions) read alike. */
const Envelope = z.lazy(() =>
  z.object({
    type: z.string().check(z.minLength(1), z.maxLength(100)),
    group_id: z.pipe(int, z.number().check(z.gt(0))),
    event_id: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    object: z.optional(z.unknown()),
  }),
);

const VkMessage = z.lazy(() =>
  z.object({
    from_id: z.optional(int),
    /** API 5.0 and earlier: the sender as `user_id`, the text as `body`. */
    user_id: z.optional(int),
    id: z.optional(int),
    peer_id: z.optional(int),
    conversation_message_id: z.optional(int),
    text: z.optional(z.string()),
    body: z.optional(z.string()),
    attachments: z.optional(z.array(z.object({ type: z.optional(z.string()) }))),
  }),
);

/** API 5.103 and later wrap the message ({ message, client_info }); older versions do not. */
const MessageNew = z.lazy(() => z.union([z.object({ message: VkMessage }), VkMessage]));

const fieldsOf = (json: unknown): { secret?: unknown; group_id?: unknown; type?: unknown } =>
  json !== null && typeof json === 'object' ? json : {};

export const vk: MessengerChannel = {
  channel: 'vk',
  secretNames: [VK_SECRET, VK_CONFIRMATION_CODE],
  // VK does not document the Content-Type of its callbacks: JSON-ish types (or none) pass,
  // form encodings and the like cannot be VK.
  mediaTypes: ['application/json', 'text/plain'],
  mediaTypeOptional: true,
  secretInBody: VK_SECRET,
  accountPattern: /^\d{1,15}$/,

  verify(request, secret) {
    const expected = secret(VK_SECRET);
    const { secret: given, group_id: groupId } = fieldsOf(request.json);
    if (!expected || typeof given !== 'string') return false;
    const valid =
      safeEqual(given, expected) ||
      (request.secretsHashed === true && matchesHash(expected, given.toLowerCase()));
    if (!valid) return false;
    return request.account === undefined || String(groupId) === request.account;
  },

  parse(request, context) {
    const envelope = Envelope.safeParse(request.json);
    if (!envelope.success) return { ok: false, issues: toIssues(envelope.error.issues) };
    const { type, group_id: groupId, event_id: eventId, object } = envelope.data;
    // confirmation, message_reply (our own), message_edit, typing, reads …: nothing to keep.
    if (type !== 'message_new') return { ok: true, value: [] };
    const parsed = MessageNew.safeParse(object);
    if (!parsed.success) {
      const issues = toIssues(parsed.error.issues);
      return { ok: false, issues: issues.map((i) => ({ ...i, path: `object.${i.path}` })) };
    }
    const message = 'message' in parsed.data ? parsed.data.message : parsed.data;
    const fromId = message.from_id ?? message.user_id;
    if (fromId === undefined) {
      return { ok: false, issues: [{ path: 'object.message.from_id', message: 'required' }] };
    }
    // A community's own messages (negative ids) and group chats are not leads.
    if (fromId <= 0 || (message.peer_id ?? 0) >= GROUP_CHAT_PEERS) {
      return { ok: true, value: [] };
    }
    // event_id since API 5.x; before that, the message's place in its dialog, or its id.
    const eventKey =
      eventId ??
      (message.peer_id !== undefined && message.conversation_message_id !== undefined
        ? `${message.peer_id}_${message.conversation_message_id}`
        : message.id !== undefined && message.id > 0
          ? `${fromId}_m${message.id}`
          : undefined);
    if (!eventKey) return { ok: false, issues: [{ path: 'event_id', message: 'required' }] };

    const group = String(groupId);
    const said = message.text ?? message.body;
    const text = describeMessage(
      said?.trim() ? undefined : message.attachments?.[0]?.type?.slice(0, 64),
      said,
    );
    const event: LeadEvent = {
      kind: 'lead',
      eventId: `vk:${group}:${eventKey}`,
      channel: 'vk',
      receivedAt: context.receivedAt.toISOString(),
      dedupeWindowSeconds: VK_DEDUPE_SECONDS,
      source: { account: group },
      contact: { messenger: { channel: 'vk', id: String(fromId) } },
      ...(text ? { text } : {}),
    };
    return { ok: true, value: [event] };
  },

  reply(request, _events, secret) {
    const code = secret(VK_CONFIRMATION_CODE);
    const confirmation = fieldsOf(request.json).type === 'confirmation';
    return { body: confirmation && code ? code : 'ok', contentType: TEXT };
  },
};
