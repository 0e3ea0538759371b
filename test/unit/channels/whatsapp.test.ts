import { describe, expect, it } from 'vitest';
import { whatsapp } from '../../../shared/channels/messengers/whatsapp';
import { loadConfig } from '../../../shared/config';
import { LeadEventSchema } from '../../../shared/domain/messages';
import {
  MESSENGER_SECRETS,
  messengerRequest,
  metaJson,
  signMeta,
  WA_PHONE_NUMBER_ID,
  whatsappMessages,
  whatsappStatus,
} from '../../support/messengers';

const secret = loadConfig(MESSENGER_SECRETS).secret;
const now = new Date('2026-11-27T07:00:00Z');
const context = { receivedAt: now, defaultCountry: 'RU' };

const signed = (raw: string, signature = signMeta(raw)) =>
  messengerRequest({ body: raw, headers: { 'X-Hub-Signature-256': signature } });

const parse = (value: unknown) => {
  const result = whatsapp.parse(signed(metaJson(value)), context);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
};

describe('whatsapp.handshake', () => {
  const handshake = (query: string) =>
    whatsapp.handshake?.(messengerRequest({ method: 'GET', query }), secret);

  it('answers the challenge as plain text when the verify token matches', () => {
    const answer = handshake(
      'hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=switchboard-verify-7431',
    );

    expect(answer).toEqual({ body: '1158201444', contentType: 'text/plain; charset=utf-8' });
  });

  it.each([
    ['the token is wrong', 'hub.mode=subscribe&hub.challenge=1&hub.verify_token=guess'],
    ['the token is missing', 'hub.mode=subscribe&hub.challenge=1'],
    [
      'the mode is not subscribe',
      'hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=switchboard-verify-7431',
    ],
    ['there is no challenge', 'hub.mode=subscribe&hub.verify_token=switchboard-verify-7431'],
  ])('refuses when %s', (_, query) => {
    expect(handshake(query)).toBe('forbidden');
  });
});

describe('whatsapp.verify', () => {
  const raw = metaJson(whatsappMessages({ id: 'wamid.A1', text: 'Привет, нужна консультация' }));

  it('accepts the HMAC-SHA256 of the raw body with the app secret', () => {
    expect(whatsapp.verify(signed(raw), secret, now)).toBe(true);
  });

  it('verifies the \\uXXXX-escaped bytes as received, which re-serialized JSON would not match', () => {
    const reserialized = JSON.stringify(JSON.parse(raw));

    expect(raw).toContain('\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442');
    expect(reserialized).not.toBe(raw);
    expect(whatsapp.verify(signed(raw), secret, now)).toBe(true);
    expect(whatsapp.verify(signed(raw, signMeta(reserialized)), secret, now)).toBe(false);
  });

  it('accepts the digest in upper-case hex', () => {
    const upper = `sha256=${signMeta(raw).slice(7).toUpperCase()}`;

    expect(whatsapp.verify(signed(raw, upper), secret, now)).toBe(true);
  });

  it.each([
    ['another app’s secret', signMeta(raw, 'fb_app_secret_91ad7e')],
    ['no sha256= prefix', signMeta(raw).slice(7)],
    ['the old sha1 header format', `sha1=${'a'.repeat(40)}`],
    ['a truncated digest', signMeta(raw).slice(0, 40)],
    ['an empty header', ''],
  ])('refuses a signature made with %s', (_, signature) => {
    expect(whatsapp.verify(signed(raw, signature), secret, now)).toBe(false);
  });

  it('refuses a body changed after signing', () => {
    const request = messengerRequest({
      body: raw.replace('Olga', 'Oleg'),
      headers: { 'X-Hub-Signature-256': signMeta(raw) },
    });

    expect(whatsapp.verify(request, secret, now)).toBe(false);
  });
});

describe('whatsapp.parse', () => {
  it('maps a text message to a lead event with the sender’s number, account and profile name', () => {
    const events = parse(
      whatsappMessages({
        id: 'wamid.HBgLNzkxNjEyMzQ1NjcVAgASGBQzQTdDQjM=',
        from: '79161234567',
        name: 'Ольга',
        text: 'Привет',
      }),
    );

    expect(events).toEqual([
      {
        kind: 'lead',
        eventId: `whatsapp:${WA_PHONE_NUMBER_ID}:wamid.HBgLNzkxNjEyMzQ1NjcVAgASGBQzQTdDQjM=`,
        channel: 'whatsapp',
        receivedAt: '2026-11-27T07:00:00.000Z',
        dedupeWindowSeconds: 8 * 86_400,
        source: { account: WA_PHONE_NUMBER_ID },
        contact: {
          name: 'Ольга',
          phone: '+79161234567',
          messenger: { channel: 'whatsapp', id: '79161234567' },
        },
        text: 'Привет',
      },
    ]);
    expect(LeadEventSchema.safeParse(events[0]).success).toBe(true);
  });

  it('keeps the deduplication window longer than Meta’s seven days of retries', () => {
    const [event] = parse(whatsappMessages({ id: 'wamid.A2', text: 'x' }));

    expect(event?.dedupeWindowSeconds).toBeGreaterThanOrEqual(8 * 86_400);
  });

  it('makes one event per message when a notification carries several', () => {
    const events = parse(
      whatsappMessages(
        { id: 'wamid.B1', from: '79161234567', name: 'Olga', text: 'one' },
        { id: 'wamid.B2', from: '77011234567', name: 'Aigerim', text: 'two' },
      ),
    );

    expect(events.map((e) => [e.eventId.split(':')[2], e.contact.phone, e.contact.name])).toEqual([
      ['wamid.B1', '+79161234567', 'Olga'],
      ['wamid.B2', '+77011234567', 'Aigerim'],
    ]);
  });

  it.each([
    {
      label: 'an image with a caption',
      type: 'image',
      extra: { image: { id: 'm1', caption: 'вот фото' } },
      text: '[image] вот фото',
    },
    {
      label: 'an image without one',
      type: 'image',
      extra: { image: { id: 'm1' } },
      text: '[image]',
    },
    {
      label: 'a voice note',
      type: 'audio',
      extra: { audio: { id: 'm2', voice: true } },
      text: '[audio]',
    },
    {
      label: 'a location',
      type: 'location',
      extra: { location: { latitude: 55.7, longitude: 37.6, name: 'Офис' } },
      text: '[location] Офис',
    },
    {
      label: 'a button reply',
      type: 'interactive',
      extra: {
        interactive: { type: 'button_reply', button_reply: { id: 'b', title: 'Перезвоните мне' } },
      },
      text: 'Перезвоните мне',
    },
    {
      label: 'a flow’s reply',
      type: 'interactive',
      extra: { interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent' } } },
      text: '[nfm_reply]',
    },
    {
      label: 'a template button',
      type: 'button',
      extra: { button: { text: 'Да', payload: 'yes' } },
      text: 'Да',
    },
    {
      label: 'shared contact cards',
      type: 'contacts',
      extra: { contacts: [{ name: { formatted_name: 'X' } }] },
      text: '[contacts]',
    },
    {
      label: 'an unsupported message',
      type: 'unsupported',
      extra: { errors: [{ code: 131051 }] },
      text: '[unsupported]',
    },
  ])('describes $label as $text', ({ type, extra, text }) => {
    const [event] = parse(whatsappMessages({ id: 'wamid.C1', type, extra }));

    expect(event?.text).toBe(text);
  });

  it.each([
    ['a delivery status', whatsappStatus('delivered')],
    ['a read status', whatsappStatus('read')],
    [
      'a reaction',
      whatsappMessages({
        id: 'wamid.R1',
        type: 'reaction',
        extra: { reaction: { message_id: 'wamid.X', emoji: '👍' } },
      }),
    ],
    [
      'an edit of a message already received',
      whatsappMessages({
        id: 'wamid.E1',
        type: 'edit',
        extra: { edit: { original_message_id: 'wamid.C1', message: { type: 'text' } } },
      }),
    ],
    [
      'a message taken back',
      whatsappMessages({
        id: 'wamid.V1',
        type: 'revoke',
        extra: { revoke: { original_message_id: 'wamid.C1' } },
      }),
    ],
    [
      'a number change',
      whatsappMessages({
        id: 'wamid.S1',
        type: 'system',
        extra: { system: { type: 'user_changed_number' } },
      }),
    ],
    [
      'an account update',
      {
        object: 'whatsapp_business_account',
        entry: [
          { id: '1', changes: [{ field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } }] },
        ],
      },
    ],
    ['a Page notification', { object: 'page', entry: [{ id: '1', messaging: [] }] }],
  ])('gives no event for %s', (_, value) => {
    expect(parse(value)).toEqual([]);
  });

  it.each([
    ['shared contact cards', { contacts: [{ name: { formatted_name: 'X' } }] }, '[contacts]'],
    ['text', { text: { body: 'Здравствуйте' } }, 'Здравствуйте'],
    ['nothing we know', { errors: [{ code: 131051 }] }, '[message]'],
  ])('reads a message that names no type by what it carries: %s', (_, extra, text) => {
    const value = whatsappMessages({ id: 'wamid.T1', extra });
    const change = (value.entry[0]?.changes[0]?.value ?? {}) as {
      messages: Record<string, unknown>[];
    };
    delete change.messages[0]?.type;

    const [event] = parse(value);

    expect(event?.text).toBe(text);
    expect(event?.contact.phone).toBe('+79161234567');
  });

  it('still gives no event for a reaction that names no type', () => {
    const value = whatsappMessages({
      id: 'wamid.R2',
      extra: { reaction: { message_id: 'wamid.X', emoji: '👍' } },
    });
    const change = (value.entry[0]?.changes[0]?.value ?? {}) as {
      messages: Record<string, unknown>[];
    };
    delete change.messages[0]?.type;

    expect(parse(value)).toEqual([]);
  });

  it('takes the business-scoped user id as the account when no number is given', () => {
    const value = whatsappMessages({ id: 'wamid.U1', text: 'hi' });
    const change = (value.entry[0]?.changes[0]?.value ?? {}) as {
      messages: Record<string, unknown>[];
    };
    const message = change.messages[0] ?? {};
    delete message.from;
    message.user_id = 'US.13491208655302741918';

    const [event] = parse(value);

    expect(event?.contact).toEqual({
      name: 'Olga',
      messenger: { channel: 'whatsapp', id: 'US.13491208655302741918' },
    });
  });

  it('reports a message notification without the receiving number', () => {
    const result = whatsapp.parse(
      signed(
        JSON.stringify({
          object: 'whatsapp_business_account',
          entry: [
            {
              changes: [
                { field: 'messages', value: { messages: [{ from: '1', id: 'w', type: 'text' }] } },
              ],
            },
          ],
        }),
      ),
      context,
    );

    expect(result).toEqual({
      ok: false,
      issues: [{ path: 'entry.0.changes.0.value.metadata.phone_number_id', message: 'required' }],
    });
  });

  it('reports a body that is not a notification', () => {
    const result = whatsapp.parse(signed('[1,2,3]'), context);

    expect(result.ok).toBe(false);
  });
});
