import { createHmac } from 'node:crypto';
import type { MessengerRequest } from '../../shared/channels/messengers/types';
import type { TestStack } from './test-stack';

/** Channel credentials for tests (made up). */
export const MESSENGER_SECRETS = {
  TELEGRAM_SECRET_TOKEN: 'tg_secret-token_0123456789',
  WHATSAPP_APP_SECRET: 'wa_app_secret_9f8e7d6c5b4a',
  WHATSAPP_VERIFY_TOKEN: 'switchboard-verify-7431',
  VK_SECRET: 'vk_secret_5a4b3c2d1e',
  VK_CONFIRMATION_CODE: 'e7e13fe2',
} as const;

export const WA_PHONE_NUMBER_ID = '106540352242922';
export const VK_GROUP_ID = 218_300_411;

// ── Telegram ─────────────────────────────────────────────────────────────────────────────

export type TelegramMessageInput = {
  readonly updateId: number;
  readonly fromId?: number;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly username?: string;
  readonly text?: string;
  readonly chatType?: string;
  readonly contact?: {
    readonly phone_number: string;
    readonly first_name?: string;
    readonly user_id?: number;
  };
  readonly extra?: Record<string, unknown>;
};

/** A Telegram Update with a private `message`, as the Bot API posts it. */
export const telegramUpdate = (input: TelegramMessageInput): Record<string, unknown> => {
  const fromId = input.fromId ?? 700_100_200;
  return {
    update_id: input.updateId,
    message: {
      message_id: input.updateId % 1000,
      date: 1_795_000_000,
      chat: {
        id: fromId,
        type: input.chatType ?? 'private',
        first_name: input.firstName ?? 'Ivan',
      },
      from: {
        id: fromId,
        is_bot: false,
        first_name: input.firstName ?? 'Ivan',
        ...(input.lastName ? { last_name: input.lastName } : {}),
        ...(input.username ? { username: input.username } : {}),
        language_code: 'ru',
      },
      ...(input.text !== undefined ? { text: input.text } : {}),
      ...(input.contact ? { contact: input.contact } : {}),
      ...input.extra,
    },
  };
};

// ── WhatsApp ─────────────────────────────────────────────────────────────────────────────

/**
 * JSON the way Meta puts it on the wire: non-ASCII characters \uXXXX-escaped (lower-case hex),
 * so that these bytes, not JSON.stringify of the parsed object, are what is signed.
 */
export const metaJson = (value: unknown): string =>
  JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

export const signMeta = (raw: string, secret: string = MESSENGER_SECRETS.WHATSAPP_APP_SECRET) =>
  `sha256=${createHmac('sha256', secret).update(raw, 'utf8').digest('hex')}`;

export type WhatsAppMessageInput = {
  readonly id: string;
  readonly from?: string;
  readonly name?: string;
  readonly type?: string;
  readonly text?: string;
  readonly extra?: Record<string, unknown>;
};

const whatsappValue = (value: Record<string, unknown>) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '102290129340398',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '74951234567', phone_number_id: WA_PHONE_NUMBER_ID },
            ...value,
          },
        },
      ],
    },
  ],
});

/** A Cloud API notification with inbound messages (one per input). */
export const whatsappMessages = (...messages: readonly WhatsAppMessageInput[]) =>
  whatsappValue({
    contacts: messages.map((m) => ({
      profile: { name: m.name ?? 'Olga' },
      wa_id: m.from ?? '79161234567',
    })),
    messages: messages.map((m) => ({
      from: m.from ?? '79161234567',
      id: m.id,
      timestamp: '1795000000',
      type: m.type ?? 'text',
      ...(m.text !== undefined ? { text: { body: m.text } } : {}),
      ...m.extra,
    })),
  });

/** A Cloud API notification with a status receipt for a message we sent. */
export const whatsappStatus = (status = 'delivered') =>
  whatsappValue({
    statuses: [
      {
        id: 'wamid.HBgLNzkxNjEyMzQ1NjcVAgARGBI0QjFDRTk2RjU1RDlFQUJGMjUA',
        status,
        timestamp: '1795000100',
        recipient_id: '79161234567',
        conversation: { id: 'c0ffee', origin: { type: 'service' } },
        pricing: { billable: true, pricing_model: 'CBP', category: 'service' },
      },
    ],
  });

// ── VK ───────────────────────────────────────────────────────────────────────────────────

export const vkEvent = (
  type: string,
  object: unknown,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  group_id: VK_GROUP_ID,
  type,
  event_id: '0f8d1c2b3a4e5f60718293a4b5c6d7e8f9a0b1c2',
  v: '5.199',
  object,
  secret: MESSENGER_SECRETS.VK_SECRET,
  ...extra,
});

export const vkMessageNew = (input: {
  readonly eventId: string;
  readonly fromId?: number;
  readonly text?: string;
  readonly extra?: Record<string, unknown>;
}) =>
  vkEvent(
    'message_new',
    {
      message: {
        date: 1_795_000_000,
        from_id: input.fromId ?? 512_300_100,
        id: 41,
        out: 0,
        peer_id: input.fromId ?? 512_300_100,
        conversation_message_id: 12,
        text: input.text ?? 'Здравствуйте, сколько стоит доставка?',
        attachments: [],
        fwd_messages: [],
        important: false,
        is_hidden: false,
      },
      client_info: { button_actions: ['text'], keyboard: true, lang_id: 0 },
    },
    { event_id: input.eventId, ...input.extra },
  );

// ── requests ─────────────────────────────────────────────────────────────────────────────

/** A request as the ingest route hands it to a channel module. */
export const messengerRequest = (init: {
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly account?: string;
  readonly query?: string;
  readonly method?: string;
}): MessengerRequest => {
  const body = init.body ?? '';
  return {
    method: init.method ?? 'POST',
    body,
    bytes: new TextEncoder().encode(body),
    json: body === '' ? undefined : JSON.parse(body),
    headers: Object.fromEntries(
      Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    ),
    url: `https://sb.example/v1/messengers${init.query ? `?${init.query}` : ''}`,
    query: new URLSearchParams(init.query ?? ''),
    account: init.account,
  };
};

type Client = Pick<TestStack, 'request' | 'toJson'>;

export const postTelegram = (
  t: Client,
  update: unknown,
  init: { path?: string; secret?: string | null; contentType?: string; raw?: string } = {},
) =>
  t
    .request(init.path ?? '/v1/messengers/telegram', {
      method: 'POST',
      headers: {
        'Content-Type': init.contentType ?? 'application/json',
        ...(init.secret === null
          ? {}
          : {
              'X-Telegram-Bot-Api-Secret-Token':
                init.secret ?? MESSENGER_SECRETS.TELEGRAM_SECRET_TOKEN,
            }),
      },
      body: init.raw ?? JSON.stringify(update),
    })
    .then(t.toJson);

export const postWhatsApp = (
  t: Client,
  raw: string,
  init: { signature?: string | null; contentType?: string } = {},
) =>
  t
    .request('/v1/messengers/whatsapp', {
      method: 'POST',
      headers: {
        'Content-Type': init.contentType ?? 'application/json',
        ...(init.signature === null
          ? {}
          : { 'X-Hub-Signature-256': init.signature ?? signMeta(raw) }),
      },
      body: raw,
    })
    .then(t.toJson);

export const postVk = (
  t: Client,
  body: unknown,
  init: { path?: string; contentType?: string; raw?: string } = {},
) =>
  t
    .request(init.path ?? '/v1/messengers/vk', {
      method: 'POST',
      headers: { 'Content-Type': init.contentType ?? 'application/json' },
      body: init.raw ?? JSON.stringify(body),
    })
    .then(t.toJson);
