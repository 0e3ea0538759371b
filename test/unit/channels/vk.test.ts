import { describe, expect, it } from 'vitest';
import { vk } from '../../../shared/channels/messengers/vk';
import { loadConfig } from '../../../shared/config';
import { LeadEventSchema } from '../../../shared/domain/messages';
import {
  MESSENGER_SECRETS,
  messengerRequest,
  VK_GROUP_ID,
  vkEvent,
  vkMessageNew,
} from '../../support/messengers';

const secret = loadConfig(MESSENGER_SECRETS).secret;
const now = new Date('2026-11-27T07:00:00Z');
const context = { receivedAt: now, defaultCountry: 'RU' };

const request = (body: unknown, account?: string) =>
  messengerRequest({ body: JSON.stringify(body), ...(account ? { account } : {}) });

const parse = (body: unknown) => {
  const result = vk.parse(request(body), context);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
};

describe('vk.verify', () => {
  const confirmation = vkEvent('confirmation', undefined);

  it('accepts a request that carries the server’s secret', () => {
    expect(vk.verify(request(confirmation), secret, now)).toBe(true);
  });

  it.each([
    ['a wrong secret', { ...confirmation, secret: 'guess' }],
    ['no secret', { ...confirmation, secret: undefined }],
    ['a secret that is not a string', { ...confirmation, secret: 12345 }],
  ])('refuses a request with %s', (_, body) => {
    expect(vk.verify(request(body), secret, now)).toBe(false);
  });

  it('accepts the community pinned in the URL and refuses any other', () => {
    const ours = request(confirmation, String(VK_GROUP_ID));
    const theirs = request({ ...confirmation, group_id: 1 }, String(VK_GROUP_ID));

    expect(vk.verify(ours, secret, now)).toBe(true);
    expect(vk.verify(theirs, secret, now)).toBe(false);
  });
});

describe('vk.parse', () => {
  it('maps message_new to a lead event from the writer’s account', () => {
    const events = parse(
      vkMessageNew({ eventId: 'a5b3c7d9e1', fromId: 512300100, text: 'Сколько стоит?' }),
    );

    expect(events).toEqual([
      {
        kind: 'lead',
        eventId: `vk:${VK_GROUP_ID}:a5b3c7d9e1`,
        channel: 'vk',
        receivedAt: '2026-11-27T07:00:00.000Z',
        dedupeWindowSeconds: 8 * 86_400,
        source: { account: String(VK_GROUP_ID) },
        contact: { messenger: { channel: 'vk', id: '512300100' } },
        text: 'Сколько стоит?',
      },
    ]);
    expect(LeadEventSchema.safeParse(events[0]).success).toBe(true);
  });

  it('reads the message fields of API versions before 5.103, which are not wrapped', () => {
    const legacy = vkEvent(
      'message_new',
      { from_id: 77, peer_id: 77, text: 'old api' },
      { event_id: 'e1' },
    );

    expect(parse(legacy)).toMatchObject([
      { contact: { messenger: { id: '77' } }, text: 'old api' },
    ]);
  });

  it('describes a photo sent without text', () => {
    const photo = vkMessageNew({ eventId: 'e2', text: '' });
    (photo.object as { message: Record<string, unknown> }).message.attachments = [
      { type: 'photo' },
    ];

    expect(parse(photo)[0]?.text).toBe('[photo]');
  });

  it.each([
    ['the confirmation', vkEvent('confirmation', undefined)],
    ['our own reply', vkEvent('message_reply', { from_id: -VK_GROUP_ID, text: 'ok' })],
    ['an edit', vkEvent('message_edit', { from_id: 1, text: 'x' })],
    ['typing', vkEvent('message_typing_state', { state: 'typing', from_id: 1, to_id: -1 })],
    [
      'a message in a group chat',
      vkEvent('message_new', { message: { from_id: 5, peer_id: 2_000_000_004, text: 'chat' } }),
    ],
    [
      'a message written by a community',
      vkEvent('message_new', { message: { from_id: -5, peer_id: -5, text: 'x' } }),
    ],
  ])('gives no event for %s', (_, body) => {
    expect(parse(body)).toEqual([]);
  });

  it('reports a message_new without its message', () => {
    const result = vk.parse(request(vkEvent('message_new', { client_info: {} })), context);

    expect(result).toMatchObject({
      ok: false,
      issues: expect.arrayContaining([
        expect.objectContaining({ path: expect.stringMatching(/^object/) }),
      ]),
    });
  });
});

describe('vk.reply', () => {
  it('answers the confirmation with the confirmation code, as plain text', () => {
    const answer = vk.reply(request(vkEvent('confirmation', undefined)), [], secret);

    expect(answer).toEqual({ body: 'e7e13fe2', contentType: 'text/plain; charset=utf-8' });
  });

  it('answers every other event with the text ok', () => {
    const answer = vk.reply(request(vkMessageNew({ eventId: 'e4' })), [], secret);

    expect(answer.body).toBe('ok');
  });
});

describe('vk.parse, read leniently', () => {
  it('reads a message_new without `v`, in the old flat shape with user_id and body', () => {
    const old = {
      type: 'message_new',
      object: {
        id: 43,
        date: 1492522323,
        out: 0,
        user_id: 512300177,
        read_state: 0,
        title: '',
        body: 'Привет',
      },
      group_id: VK_GROUP_ID,
      secret: MESSENGER_SECRETS.VK_SECRET,
    };

    expect(vk.verify(request(old), secret, now)).toBe(true);
    expect(parse(old)).toEqual([
      expect.objectContaining({
        eventId: `vk:${VK_GROUP_ID}:512300177_m43`,
        contact: { messenger: { channel: 'vk', id: '512300177' } },
        text: 'Привет',
      }),
    ]);
  });

  it('reads a current message_new without `v`, and ids sent as strings of digits', () => {
    const { v: _, ...withoutV } = vkMessageNew({ eventId: 'e-nov', fromId: 512_300_178 });
    const stringly = { ...withoutV, group_id: String(VK_GROUP_ID) };

    expect(parse(stringly)).toEqual([
      expect.objectContaining({ eventId: `vk:${VK_GROUP_ID}:e-nov` }),
    ]);
  });
});
