import { describe, expect, it } from 'vitest';
import { createTestClock } from '../support/clock';
import { deliverAll } from '../support/notify';
import { postForm, seedManager, seedSite } from '../support/seed';
import { useBitrix24StandIn } from '../support/stand-ins/use';
import { type TestStack, useTestStack } from '../support/test-stack';

const clock = createTestClock();
const bitrix = useBitrix24StandIn();

const LEAD_EVENTS = [
  'lead.assigned',
  'lead.reassigned',
  'lead.accepted',
  'lead.closed',
  'lead.touched',
];

const leadOf = async (t: TestStack, phone: string) => {
  const leads = await t.api('GET', '/v1/leads?limit=100');
  return leads.body.items.find(
    (lead: { contact: { phone?: string } }) => lead.contact.phone === phone,
  );
};

const callsSince = (from: number) => bitrix().calls.slice(from);

describe('a Bitrix24 webhook', () => {
  const t = useTestStack({ clock, env: { SWITCHBOARD_LANGUAGE: 'ru' } });

  it('creates the lead with crm.lead.add as Bitrix24’s REST documents it, assigned to the manager’s Bitrix24 user', async () => {
    await seedSite(t);
    await seedManager(t, 'anna', { bitrix24UserId: 7 });
    const put = await t.api('PUT', '/v1/webhooks/b24', {
      url: bitrix().url,
      format: 'bitrix24',
      events: LEAD_EVENTS,
      active: true,
    });
    const phone = '+79995550001';

    await postForm(t, 'shop', {
      name: 'Иван Петров',
      phone,
      email: 'ivan@example.com',
      message: 'Перезвоните после 18:00',
      utm_source: 'yandex',
      utm_campaign: 'winter',
    });
    await deliverAll(t);

    const lead = await leadOf(t, phone);
    expect(put.status).toBe(200);
    expect(put.body.url).toMatch(/\/rest\/1\/\*\*\*\/$/);
    expect(bitrix().calls).toEqual([
      {
        method: 'crm.lead.add',
        body: {
          fields: {
            TITLE: 'Заявка (форма на сайте): Иван Петров',
            NAME: 'Иван Петров',
            PHONE: [{ VALUE: phone, VALUE_TYPE: 'WORK' }],
            EMAIL: [{ VALUE: 'ivan@example.com', VALUE_TYPE: 'WORK' }],
            SOURCE_ID: 'WEB',
            SOURCE_DESCRIPTION: 'switchboard: форма на сайте — shop',
            COMMENTS: 'Перезвоните после 18:00',
            ASSIGNED_BY_ID: 7,
            STATUS_ID: 'NEW',
            OPENED: 'Y',
            ORIGINATOR_ID: 'switchboard',
            ORIGIN_ID: lead.id,
            UTM_SOURCE: 'yandex',
            UTM_CAMPAIGN: 'winter',
          },
          params: { REGISTER_SONET_EVENT: 'Y' },
        },
      },
    ]);
    expect(bitrix().problems).toEqual([]);
    expect((await t.api('GET', '/v1/webhooks/b24/deliveries')).body.items).toEqual([
      expect.objectContaining({
        type: 'lead.assigned',
        status: 'delivered',
        attempts: 1,
        lastStatusCode: 200,
      }),
    ]);
  });

  it('moves the lead’s stage on accept and close, and comments a touch on its timeline', async () => {
    const phone = '+79995550001';
    const lead = await leadOf(t, phone);
    const from = bitrix().calls.length;
    const bitrixId = bitrix().leads.at(-1)?.id;

    await t.api('POST', `/v1/leads/${lead.id}/accept`);
    await postForm(t, 'shop', { name: 'Иван Петров', phone, message: 'Жду звонка' });
    await deliverAll(t);
    await t.api('POST', `/v1/leads/${lead.id}/close`, { outcome: 'lost' });
    await deliverAll(t);

    const calls = callsSince(from);
    expect(calls).toContainEqual({
      method: 'crm.lead.update',
      body: { id: bitrixId, fields: { STATUS_ID: 'IN_PROCESS' } },
    });
    expect(calls).toContainEqual({
      method: 'crm.timeline.comment.add',
      body: {
        fields: {
          ENTITY_ID: bitrixId,
          ENTITY_TYPE: 'lead',
          COMMENT: 'Клиент снова на связи (форма на сайте)\nЖду звонка',
        },
      },
    });
    expect(calls.at(-1)).toEqual({
      method: 'crm.lead.update',
      body: { id: bitrixId, fields: { STATUS_ID: 'JUNK' } },
    });
    expect(calls.filter((c) => c.method === 'crm.lead.add')).toEqual([]);
    expect(bitrix().problems).toEqual([]);
  });

  it('waits on QUERY_LIMIT_EXCEEDED and tries again, without creating the lead twice', async () => {
    const from = bitrix().calls.length;
    const leads = bitrix().leads.length;
    bitrix().queryLimitExceeded('crm.lead.add');
    const phone = '+79995550002';

    await postForm(t, 'shop', { name: 'Анна', phone });
    await deliverAll(t);
    const waiting = t.deliveries.scheduled.at(-1);
    clock.advance(2_000);
    await t.runDueDeliveries();

    expect(waiting && Date.parse(waiting.dueAt) - clock.peek().getTime()).toBeLessThanOrEqual(0);
    expect(callsSince(from).map((c) => c.method)).toEqual([
      'crm.lead.add',
      'crm.lead.list',
      'crm.lead.add',
    ]);
    expect(bitrix().leads.length - leads).toBe(1);
    expect(bitrix().leads.at(-1)?.fields.ORIGIN_ID).toBe((await leadOf(t, phone)).id);
  });

  it('creates the lead from a later event when the webhook came after the assignment', async () => {
    const phone = '+79995550003';
    await t.api('PUT', '/v1/webhooks/b24', {
      url: bitrix().url,
      format: 'bitrix24',
      events: ['lead.accepted'],
      active: true,
    });
    await postForm(t, 'shop', { name: 'Пётр', phone });
    await deliverAll(t);
    const from = bitrix().calls.length;
    const lead = await leadOf(t, phone);

    await t.api('POST', `/v1/leads/${lead.id}/accept`);
    await deliverAll(t);

    expect(callsSince(from).map((c) => [c.method, c.body.fields?.STATUS_ID])).toEqual([
      ['crm.lead.add', 'NEW'],
      ['crm.lead.update', 'IN_PROCESS'],
    ]);
    expect(bitrix().problems).toEqual([]);
  });

  it.each([
    [{ url: 'https://portal.bitrix24.ru/rest/1/abc/', events: ['call.missed'] }, 'events.0'],
    [{ url: 'https://portal.bitrix24.ru/crm/lead/', events: ['lead.assigned'] }, 'url'],
  ])('refuses %j with invalid_payload at %s', async (body, path) => {
    const response = await t.api('PUT', '/v1/webhooks/b24-bad', {
      format: 'bitrix24',
      active: true,
      ...body,
    });

    expect(response.status).toBe(400);
    expect(response.body.issues.map((i: { path: string }) => i.path)).toContain(path);
  });
});
