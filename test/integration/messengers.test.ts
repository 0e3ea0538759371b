import { describe, expect, it } from 'vitest';
import { composeIngest } from '../../functions/ingest/compose';
import { toSqsRecord } from '../../local/poller';
import { whatsapp } from '../../shared/channels/messengers/whatsapp';
import { lambdaHandler } from '../../shared/http/lambda-handler';
import { messageGroupOf } from '../../shared/queue/sqs-intake-queue';
import { httpApiEvent } from '../support/http-api-event';
import {
  MESSENGER_SECRETS,
  messengerRequest,
  metaJson,
  postTelegram,
  postVk,
  postWhatsApp,
  signMeta,
  telegramUpdate,
  VK_GROUP_ID,
  vkEvent,
  vkMessageNew,
  WA_PHONE_NUMBER_ID,
  whatsappMessages,
  whatsappStatus,
} from '../support/messengers';
import { seedManager } from '../support/seed';
import { useTestStack } from '../support/test-stack';

type LeadView = {
  id: string;
  status: string;
  managerId?: string;
  touches: number;
  channels: string[];
  text?: string;
  fields?: Record<string, unknown>;
  source?: Record<string, string>;
  contact: {
    id: string;
    name?: string;
    phone?: string;
    messengers?: { channel: string; id: string; username?: string }[];
  };
};

describe('messenger webhooks', () => {
  const t = useTestStack({ env: MESSENGER_SECRETS });

  const leadsOf = async (channel: string, accountId: string): Promise<LeadView[]> => {
    const leads = await t.api('GET', '/v1/leads?limit=100');
    return leads.body.items.filter((lead: LeadView) =>
      lead.contact.messengers?.some((m) => m.channel === channel && m.id === accountId),
    );
  };

  /** Runs `act`, drains the router, and asserts that nothing reached the intake queue. */
  const storesNothing = async (act: () => Promise<unknown>) => {
    await t.drain();
    const leadsBefore = (await t.leads()).length;
    await act();
    expect(await t.queueDepth('intake')).toBe(0);
    await t.drain();
    expect((await t.leads()).length).toBe(leadsBefore);
  };

  describe('POST /v1/messengers/telegram', () => {
    it('turns a private message into a routed lead of the sender’s Telegram account', async () => {
      await seedManager(t, 'anna');

      const response = await postTelegram(
        t,
        telegramUpdate({
          updateId: 900_001,
          fromId: 11_001,
          firstName: 'Ivan',
          lastName: 'Petrov',
          username: 'ivan_p',
          text: 'Здравствуйте, есть ли доставка в Казань?',
        }),
      );
      await t.drain();

      expect(response).toMatchObject({ status: 200, body: { accepted: 1 } });
      const [lead, ...others] = await leadsOf('telegram', '11001');
      expect(others).toEqual([]);
      expect(lead).toMatchObject({
        status: 'assigned',
        channels: ['telegram'],
        touches: 1,
        text: 'Здравствуйте, есть ли доставка в Казань?',
        source: { account: 'default' },
        contact: {
          name: 'Ivan Petrov',
          messengers: [{ channel: 'telegram', id: '11001', username: 'ivan_p' }],
        },
      });
    });

    it('adds the phone a user shares as their own to the contact their messages made', async () => {
      await postTelegram(t, telegramUpdate({ updateId: 900_010, fromId: 11_002, text: 'Hi' }));
      await postTelegram(
        t,
        telegramUpdate({
          updateId: 900_011,
          fromId: 11_002,
          contact: { phone_number: '+7 912 000-11-02', first_name: 'Ivan', user_id: 11_002 },
        }),
      );
      await t.drain();

      const leads = await leadsOf('telegram', '11002');
      expect(leads).toHaveLength(1);
      expect(leads[0]).toMatchObject({ touches: 2, contact: { phone: '+79120001102' } });
    });

    it('never takes the phone of somebody else’s contact card as the sender’s', async () => {
      await postTelegram(
        t,
        telegramUpdate({
          updateId: 900_020,
          fromId: 11_003,
          contact: { phone_number: '79120001103', first_name: 'Colleague', user_id: 99_999 },
        }),
      );
      await t.drain();

      const [lead] = await leadsOf('telegram', '11003');
      expect(lead?.contact.phone).toBeUndefined();
      expect(lead?.fields).toEqual({
        sharedContactPhone: '+79120001103',
        sharedContactName: 'Colleague',
      });
    });

    it.each([
      ['an edited message', { update_id: 900_030, edited_message: { message_id: 1, text: 'x' } }],
      ['a callback query', { update_id: 900_031, callback_query: { id: 'q', data: 'y' } }],
      ['a block by the user', { update_id: 900_032, my_chat_member: { chat: { id: 1 } } }],
      ['a group message', telegramUpdate({ updateId: 900_033, chatType: 'group', text: 'x' })],
    ])('acknowledges %s with 200 and stores nothing', async (_, update) => {
      await storesNothing(async () => {
        const response = await postTelegram(t, update);
        expect(response).toMatchObject({ status: 200, body: { accepted: 0 } });
      });
    });

    it('makes one lead when Telegram delivers the same update again', async () => {
      const update = telegramUpdate({ updateId: 900_040, fromId: 11_004, text: 'once' });

      const first = await postTelegram(t, update);
      const retry = await postTelegram(t, update);
      await t.drain();

      expect([first.status, retry.status]).toEqual([200, 200]);
      const leads = await leadsOf('telegram', '11004');
      expect(leads.map((lead) => lead.touches)).toEqual([1]);
    });

    it('keeps the same update_id of two bots apart by the bot named in the URL', async () => {
      const update = (text: string) => telegramUpdate({ updateId: 1, fromId: 11_005, text });

      await postTelegram(t, update('to the shop bot'), {
        path: '/v1/messengers/telegram/shop_bot',
      });
      await postTelegram(t, update('to the service bot'), {
        path: '/v1/messengers/telegram/service_bot',
      });
      await t.drain();

      const [lead] = await leadsOf('telegram', '11005');
      expect(lead?.touches).toBe(2);
      const detail = await t.api('GET', `/v1/leads/${lead?.id}`);
      expect(detail.body.touchHistory.map((touch: { text: string }) => touch.text)).toEqual([
        'to the shop bot',
        'to the service bot',
      ]);
    });

    it.each([
      ['a wrong secret token', 'not-the-token'],
      ['no secret token', null],
    ])('refuses %s with 401 and stores nothing', async (_, secret) => {
      await storesNothing(async () => {
        const response = await postTelegram(
          t,
          telegramUpdate({ updateId: 900_050, fromId: 11_006, text: 'forged' }),
          { secret },
        );
        expect(response).toMatchObject({ status: 401, body: { error: 'bad_signature' } });
      });
    });

    it('answers 404 for a bot name that cannot be one', async () => {
      const response = await postTelegram(t, telegramUpdate({ updateId: 1, text: 'x' }), {
        path: '/v1/messengers/telegram/bad.name',
      });

      expect(response).toMatchObject({ status: 404, body: { error: 'not_found' } });
    });
  });

  describe('GET /v1/messengers/whatsapp', () => {
    const verify = (token: string) =>
      t.request(
        `/v1/messengers/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${token}`,
      );

    it('answers Meta’s verification with the challenge as plain text when the token matches', async () => {
      const response = await verify(MESSENGER_SECRETS.WHATSAPP_VERIFY_TOKEN);

      expect(response.status).toBe(200);
      expect(await response.text()).toBe('1158201444');
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    });

    it('answers 403 when the verify token is wrong', async () => {
      const response = await verify('guess').then(t.toJson);

      expect(response).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    });
  });

  describe('POST /v1/messengers/whatsapp', () => {
    it('verifies the \\uXXXX-escaped body as received and turns the message into a lead', async () => {
      const raw = metaJson(
        whatsappMessages({
          id: 'wamid.HBgLNzkxNjAwMDAwMDEVAgASGBQzQUY5',
          from: '79160000001',
          name: 'Ольга',
          text: 'Привет! Хочу заказать доставку',
        }),
      );
      expect(raw).toContain('\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442');

      const response = await postWhatsApp(t, raw);
      await t.drain();

      expect(response).toMatchObject({ status: 200, body: { accepted: 1 } });
      const [lead] = await leadsOf('whatsapp', '79160000001');
      expect(lead).toMatchObject({
        channels: ['whatsapp'],
        text: 'Привет! Хочу заказать доставку',
        source: { account: WA_PHONE_NUMBER_ID },
        contact: { name: 'Ольга', phone: '+79160000001' },
      });
    });

    it('refuses a signature computed over re-serialized JSON with 401 and stores nothing', async () => {
      const raw = metaJson(whatsappMessages({ id: 'wamid.F1', from: '79160000002', text: 'Щ' }));
      const reserialized = JSON.stringify(JSON.parse(raw));

      await storesNothing(async () => {
        const response = await postWhatsApp(t, raw, { signature: signMeta(reserialized) });
        expect(response).toMatchObject({ status: 401, body: { error: 'bad_signature' } });
      });
    });

    it.each([
      ['another app’s secret', signMeta('{}', 'fb_app_secret_91ad7e')],
      ['no signature', null],
    ])(
      'refuses a notification signed with %s with 401 and stores nothing',
      async (_, signature) => {
        const raw = metaJson(whatsappMessages({ id: 'wamid.F2', from: '79160000003', text: 'x' }));

        await storesNothing(async () => {
          const response = await postWhatsApp(t, raw, {
            signature: signature === null ? null : signature,
          });
          expect(response).toMatchObject({ status: 401, body: { error: 'bad_signature' } });
        });
      },
    );

    it.each([
      ['a delivery status', whatsappStatus('delivered')],
      ['a read status', whatsappStatus('read')],
      [
        'a reaction',
        whatsappMessages({
          id: 'wamid.R2',
          type: 'reaction',
          extra: { reaction: { message_id: 'wamid.X', emoji: '👍' } },
        }),
      ],
    ])('acknowledges %s with 200 and stores nothing', async (_, value) => {
      await storesNothing(async () => {
        const response = await postWhatsApp(t, metaJson(value));
        expect(response).toMatchObject({ status: 200, body: { accepted: 0 } });
      });
    });

    it('makes one lead per person when one notification carries two people’s messages', async () => {
      const raw = metaJson(
        whatsappMessages(
          { id: 'wamid.M1', from: '79160000011', name: 'Anna', text: 'one' },
          { id: 'wamid.M2', from: '79160000012', name: 'Boris', text: 'two' },
        ),
      );

      const response = await postWhatsApp(t, raw);
      await t.drain();

      expect(response.body).toEqual({ accepted: 2 });
      expect((await leadsOf('whatsapp', '79160000011'))[0]?.contact.name).toBe('Anna');
      expect((await leadsOf('whatsapp', '79160000012'))[0]?.contact.name).toBe('Boris');
    });

    it('makes one lead when Meta delivers the same message again', async () => {
      const raw = metaJson(whatsappMessages({ id: 'wamid.D1', from: '79160000021', text: 'x' }));

      const responses = [await postWhatsApp(t, raw), await postWhatsApp(t, raw)];
      await t.drain();

      expect(responses.map((r) => r.status)).toEqual([200, 200]);
      expect((await leadsOf('whatsapp', '79160000021')).map((lead) => lead.touches)).toEqual([1]);
    });

    it('still knows a message Meta retries days later, long after SQS’s 5 minutes', async () => {
      const router = t.stack.consumers.router.handler;
      const raw = metaJson(whatsappMessages({ id: 'wamid.D2', from: '79160000022', text: 'x' }));
      const deliver = async (n: number) => {
        const parsed = whatsapp.parse(
          messengerRequest({ body: raw, headers: { 'X-Hub-Signature-256': signMeta(raw) } }),
          { receivedAt: t.clock.now(), defaultCountry: 'RU' },
        );
        if (!parsed.ok || !parsed.value[0]) throw new Error('the fixture does not parse');
        const event = parsed.value[0];
        return router({
          Records: [
            toSqsRecord(
              {
                MessageId: `wa-retry-${n}`,
                ReceiptHandle: `r-${n}`,
                Body: JSON.stringify(event),
                Attributes: { MessageGroupId: messageGroupOf(event), ApproximateReceiveCount: '1' },
              },
              'arn:aws:sqs:us-east-1:000000000000:intake.fifo',
            ),
          ],
        });
      };

      await deliver(1);
      t.clock.advance(7 * 86_400_000 - 60_000); // Meta's last retry, just under 7 days on
      const retry = await deliver(2);

      expect(retry?.batchItemFailures).toEqual([]);
      expect((await leadsOf('whatsapp', '79160000022')).map((lead) => lead.touches)).toEqual([1]);
    });
  });

  describe('POST /v1/messengers/vk', () => {
    it('answers the confirmation with the confirmation code as plain text', async () => {
      const response = await postVk(t, vkEvent('confirmation', undefined));

      expect(response).toMatchObject({ status: 200, body: MESSENGER_SECRETS.VK_CONFIRMATION_CODE });
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    });

    it('answers the confirmation of the community pinned in the URL, and no other', async () => {
      const ours = await postVk(t, vkEvent('confirmation', undefined), {
        path: `/v1/messengers/vk/${VK_GROUP_ID}`,
      });
      const theirs = await postVk(t, vkEvent('confirmation', undefined, { group_id: 1 }), {
        path: `/v1/messengers/vk/${VK_GROUP_ID}`,
      });

      expect(ours).toMatchObject({ status: 200, body: MESSENGER_SECRETS.VK_CONFIRMATION_CODE });
      expect(theirs).toMatchObject({ status: 401, body: { error: 'bad_signature' } });
    });

    it('refuses a confirmation without the right secret, so nobody binds a community to us', async () => {
      const response = await postVk(t, vkEvent('confirmation', undefined, { secret: 'guess' }));

      expect(response).toMatchObject({ status: 401, body: { error: 'bad_signature' } });
    });

    it('answers message_new with ok and turns it into a lead of the writer’s VK account', async () => {
      const response = await postVk(
        t,
        vkMessageNew({ eventId: 'c1a2b3', fromId: 33_001, text: 'Сколько стоит доставка?' }),
      );
      await t.drain();

      expect(response).toMatchObject({ status: 200, body: 'ok' });
      const [lead] = await leadsOf('vk', '33001');
      expect(lead).toMatchObject({
        channels: ['vk'],
        text: 'Сколько стоит доставка?',
        source: { account: String(VK_GROUP_ID) },
      });
    });

    it('answers ok to a retry and still makes one lead', async () => {
      const event = vkMessageNew({ eventId: 'c1a2b4', fromId: 33_002, text: 'again' });

      const first = await postVk(t, event);
      const retry = await t
        .request('/v1/messengers/vk', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Retry-Counter': '1' },
          body: JSON.stringify(event),
        })
        .then(t.toJson);
      await t.drain();

      expect([first.body, retry.body]).toEqual(['ok', 'ok']);
      expect((await leadsOf('vk', '33002')).map((lead) => lead.touches)).toEqual([1]);
    });

    it.each([
      ['our own reply', vkEvent('message_reply', { from_id: -VK_GROUP_ID, text: 'Добрый день' })],
      ['an edit', vkEvent('message_edit', { from_id: 33_003, text: 'edited' })],
      ['a typing notice', vkEvent('message_typing_state', { state: 'typing', from_id: 33_003 })],
    ])('answers ok to %s and stores nothing', async (_, event) => {
      await storesNothing(async () => {
        const response = await postVk(t, event);
        expect(response).toMatchObject({ status: 200, body: 'ok' });
      });
    });

    it('refuses a message_new with a wrong secret with 401 and stores nothing', async () => {
      await storesNothing(async () => {
        const response = await postVk(
          t,
          vkMessageNew({ eventId: 'c1a2b5', fromId: 33_004, extra: { secret: 'guess' } }),
        );
        expect(response).toMatchObject({ status: 401, body: { error: 'bad_signature' } });
      });
    });

    it('reads a post without a Content-Type, which API Gateway hands Lambda base64-encoded', async () => {
      const handler = lambdaHandler(
        composeIngest(t.stack.config, { now: t.clock.now, newId: () => 'unused' }),
      );
      const body = JSON.stringify(vkMessageNew({ eventId: 'c1a2b6', fromId: 33_005, text: 'b64' }));

      const result = await handler(
        httpApiEvent({
          path: '/v1/messengers/vk',
          body: Buffer.from(body).toString('base64'),
          base64: true,
          sourceIp: '95.142.0.1',
          userAgent: 'VKontakte',
        }) as never,
        {} as never,
      );
      await t.drain();

      expect(result).toMatchObject({ statusCode: 200, body: 'ok' });
      expect((await leadsOf('vk', '33005'))[0]?.text).toBe('b64');
    });
  });

  describe('hostile requests', () => {
    const signedGarbage = '{"object":"whatsapp_business_account","entry":[';
    const held = async () => (await t.items('HELD#')).filter((item) => item.status === 'held');

    it.each([
      [
        'Telegram',
        'messengers/telegram',
        () => postTelegram(t, undefined, { raw: '{"update_id": 1, "message": {' }),
        { accepted: 0 },
      ],
      ['WhatsApp', 'messengers/whatsapp', () => postWhatsApp(t, signedGarbage), { accepted: 0 }],
    ])(
      'holds malformed JSON with a valid %s secret, answers as the platform expects, and queues nothing',
      async (_, route, post, reply) => {
        const before = (await held()).length;

        await storesNothing(async () => {
          const response = await post();
          expect(response).toMatchObject({ status: 200, body: reply });
        });

        const now = await held();
        expect(now).toHaveLength(before + 1);
        expect(now).toEqual(
          expect.arrayContaining([expect.objectContaining({ route, reason: 'unreadable' })]),
        );
      },
    );

    it('answers 400 invalid_payload to a VK body that is not JSON (its secret is inside) and stores nothing', async () => {
      const before = (await t.items('HELD#')).length;

      await storesNothing(async () => {
        const response = await postVk(t, undefined, { raw: 'type=confirmation&secret=x' });
        expect(response).toMatchObject({ status: 400, body: { error: 'invalid_payload' } });
      });

      expect(await t.items('HELD#')).toHaveLength(before);
    });

    it('holds a Telegram update it cannot read, with the issues', async () => {
      const response = await postTelegram(t, { message: { text: 'no update id' } });

      expect(response).toMatchObject({ status: 200, body: { accepted: 0 } });
      const item = (await held()).find(
        (i) => Array.isArray(i.issues) && JSON.stringify(i.issues).includes('update_id'),
      );
      expect(item).toMatchObject({ route: 'messengers/telegram', reason: 'not_understood' });
    });

    it.each([
      ['Telegram', (raw: string) => postTelegram(t, undefined, { raw })],
      ['WhatsApp', (raw: string) => postWhatsApp(t, raw)],
      ['VK', (raw: string) => postVk(t, undefined, { raw })],
    ])('refuses a body over 256 KB for %s with 413 and stores nothing', async (_, post) => {
      const raw = JSON.stringify({ update_id: 1, padding: 'x'.repeat(300 * 1024) });

      await storesNothing(async () => {
        const response = await post(raw);
        expect(response).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
      });
    });

    it('refuses VK posted as multipart/form-data with 415', async () => {
      const response = await postVk(t, vkEvent('confirmation', undefined), {
        contentType: 'multipart/form-data; boundary=x',
      });

      expect(response).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
    });

    it.each([
      [
        'Telegram',
        () =>
          postTelegram(t, telegramUpdate({ updateId: 1, text: 'x' }), {
            contentType: 'application/x-www-form-urlencoded',
          }),
        () =>
          postTelegram(t, telegramUpdate({ updateId: 1, text: 'x' }), {
            contentType: 'application/x-www-form-urlencoded',
            secret: 'wrong',
          }),
      ],
      [
        'WhatsApp',
        () => postWhatsApp(t, '<xml/>', { contentType: 'text/xml' }),
        () => postWhatsApp(t, '<xml/>', { contentType: 'text/xml', signature: 'sha256=00' }),
      ],
    ])(
      'holds %s posted with a content type it never uses when authenticated, and refuses it with 415 when not',
      async (_, authenticated, forged) => {
        const before = (await held()).length;

        const refusedResponse = await forged();
        const heldResponse = await authenticated();

        expect(refusedResponse).toMatchObject({
          status: 415,
          body: { error: 'unsupported_media_type' },
        });
        expect(heldResponse.status).toBe(200);
        const now = await held();
        expect(now).toHaveLength(before + 1);
        expect(now).toEqual(
          expect.arrayContaining([expect.objectContaining({ reason: 'unsupported_media_type' })]),
        );
      },
    );

    it.each(['viber', '__proto__', 'constructor', 'toString'])(
      'answers 404 unknown_channel for /v1/messengers/%s',
      async (channel) => {
        const response = await t
          .request(`/v1/messengers/${channel}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: '{}',
          })
          .then(t.toJson);

        expect(response).toMatchObject({ status: 404, body: { error: 'unknown_channel' } });
      },
    );

    it('answers 404 to a GET on a channel that has no handshake', async () => {
      const response = await t.request('/v1/messengers/telegram').then(t.toJson);

      expect(response).toMatchObject({ status: 404, body: { error: 'not_found' } });
    });
  });
});
