import { describe, expect, it } from 'vitest';
import { postForm, seedManager, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

describe('the sales-head API', () => {
  const t = useTestStack();

  const createKey = async (role: string, managerId?: string) => {
    const response = await t.api('POST', '/v1/keys', { name: `${role} key`, role, managerId });
    expect(response.status).toBe(201);
    return response.body as { key: string; keyId: string };
  };

  const leadFor = async (phone: string) => {
    await postForm(t, 'shop', { name: 'Client', phone, message: `from ${phone}` });
    await t.drain();
    const leads = await t.api('GET', '/v1/leads?limit=100');
    return leads.body.items.find(
      (lead: { contact: { phone: string } }) => lead.contact.phone === phone,
    );
  };

  it('serves /health and the OpenAPI document without a key', async () => {
    const health = await t.api('GET', '/health', undefined, null);
    const openapi = await t.api('GET', '/v1/openapi.json', undefined, null);

    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/sites/{siteKey}',
        '/v1/managers/{managerId}',
        '/v1/keys',
        '/v1/keys/{keyId}',
        '/v1/leads',
        '/v1/leads/{leadId}',
        '/v1/leads/{leadId}/accept',
        '/v1/leads/{leadId}/close',
        '/v1/quarantine',
        '/v1/quarantine/{id}',
        '/v1/quarantine/{id}/reprocess',
        '/v1/quarantine/{id}/discard',
        '/v1/managers/{managerId}/telegram-link',
        '/v1/webhooks',
        '/v1/webhooks/{name}',
        '/v1/webhooks/{name}/deliveries',
        '/v1/notify/telegram',
      ]),
    );
    expect(openapi.body.components.schemas.Lead).toBeDefined();
    expect(openapi.body.components.schemas.HeldRequest).toBeDefined();
    expect(openapi.body.components.schemas.SiteInput.required).not.toContain('honeypotField');
    expect(Object.keys(openapi.body.components.schemas.ManagerInput.properties)).toEqual(
      expect.arrayContaining(['telegramChatId', 'bitrix24UserId']),
    );
  });

  it.each([
    ['no key', null],
    ['a wrong key', 'sb_not_a_real_key'],
  ])('answers 401 unauthorized with %s', async (_, key) => {
    const response = await t.api('GET', '/v1/leads', undefined, key);
    expect(response).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
  });

  it('creates a key that works at once, shows it once, and refuses it once revoked', async () => {
    const { key, keyId } = await createKey('head');
    expect(key).toMatch(/^sb_/);

    expect((await t.api('GET', '/v1/managers', undefined, key)).status).toBe(200);
    const listed = await t.api('GET', '/v1/keys');
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect((await t.api('DELETE', `/v1/keys/${keyId}`)).status).toBe(204);
    expect((await t.api('GET', '/v1/managers', undefined, key)).status).toBe(401);
    expect((await t.api('DELETE', '/v1/keys/nope')).status).toBe(404);
  });

  it('lets a head manage managers and sites but not keys', async () => {
    const { key } = await createKey('head');
    expect((await t.api('PUT', '/v1/managers/boris', managerBody(), key)).status).toBe(200);
    expect((await t.api('PUT', '/v1/sites/blog', { name: 'Blog' }, key)).status).toBe(200);
    expect((await t.api('POST', '/v1/keys', { name: 'x', role: 'admin' }, key)).status).toBe(403);
  });

  it('answers a manager’s working hours in the week’s order, whatever order they were given in', async () => {
    const hours = [['09:00', '18:00']];
    await t.api('PUT', '/v1/managers/vera', {
      ...managerBody(),
      workingHours: { days: { fri: hours, mon: hours, wed: hours, sun: hours } },
    });

    const answer = await t.api('GET', '/v1/managers');
    const vera = answer.body.items.find((m: { id: string }) => m.id === 'vera');
    expect(Object.keys(vera.workingHours.days)).toEqual(['mon', 'wed', 'fri', 'sun']);
  });

  it('keeps a manager to its own leads: list, read, accept and close; nothing else', async () => {
    await seedSite(t);
    const existing = await t.api('GET', '/v1/managers');
    for (const { id } of existing.body.items) {
      await t.api('PUT', `/v1/managers/${id}`, managerBody({ active: false }));
    }
    await seedManager(t, 'solo');
    const mine = await leadFor('+79995000001');
    expect(mine.managerId).toBe('solo');
    await t.api('PUT', '/v1/managers/solo', managerBody({ active: false }));
    await seedManager(t, 'other');
    const theirs = await leadFor('+79995000002');
    expect(theirs.managerId).toBe('other');
    const { key } = await createKey('manager', 'solo');

    const list = await t.api('GET', '/v1/leads', undefined, key);
    const forbidden = [
      await t.api('GET', `/v1/leads/${theirs.id}`, undefined, key),
      await t.api('GET', '/v1/leads?managerId=other', undefined, key),
      await t.api('POST', `/v1/leads/${theirs.id}/accept`, undefined, key),
      await t.api('GET', '/v1/managers', undefined, key),
      await t.api('GET', '/v1/sites', undefined, key),
      await t.api('PUT', '/v1/managers/solo', managerBody(), key),
    ];
    const accepted = await t.api('POST', `/v1/leads/${mine.id}/accept`, undefined, key);
    const closed = await t.api('POST', `/v1/leads/${mine.id}/close`, { outcome: 'won' }, key);

    expect(list.body.items.map((lead: { id: string }) => lead.id)).toEqual([mine.id]);
    expect(forbidden.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(accepted).toMatchObject({
      status: 200,
      body: { status: 'accepted', managerId: 'solo' },
    });
    expect(accepted.body.acceptedAt).toBeDefined();
    expect(closed).toMatchObject({ status: 200, body: { status: 'closed', outcome: 'won' } });
    const again = await t.api('POST', `/v1/leads/${mine.id}/close`, { outcome: 'lost' }, key);
    expect(again).toMatchObject({ status: 409, body: { error: 'conflict' } });
  });

  it.each([
    ['an unknown team', { team: 'sales' }, 'team'],
    ['a weight of 0', { weight: 0 }, 'weight'],
    ['an unknown field', { salary: 1 }, ''],
    [
      'a bad working-hours interval',
      { workingHours: { days: { mon: [['18:00', '09:00']] } } },
      'workingHours.days.mon.0',
    ],
    ['a phone that is not one', { phones: ['12345'] }, 'phones.0'],
  ])('refuses a manager with %s (400 and the issue)', async (_, change, path) => {
    const response = await t.api('PUT', '/v1/managers/bad', managerBody(change));
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_payload');
    expect(response.body.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect((await t.api('GET', '/v1/managers/bad')).status).toBe(404);
  });

  it('refuses malformed JSON and a bad cursor with 400', async () => {
    const malformed = await t.toJson(
      await t.request('/v1/managers/x', {
        method: 'PUT',
        headers: {
          Authorization: 'Bearer sb_test_admin_key_0123456789abcdef',
          'Content-Type': 'application/json',
        },
        body: '{"name":',
      }),
    );
    const cursor = await t.api('GET', '/v1/leads?cursor=bm90LWEtY3Vyc29y');
    expect(malformed).toMatchObject({ status: 400, body: { error: 'invalid_payload' } });
    expect(cursor).toMatchObject({ status: 400, body: { error: 'invalid_payload' } });
  });

  it('pages through leads with a cursor, newest first, without repeats', async () => {
    await seedSite(t);
    for (let n = 0; n < 5; n++) {
      await postForm(t, 'shop', { name: `Page ${n}`, phone: `+7999510000${n}` });
    }
    await t.drain();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await t.api('GET', `/v1/leads?limit=2${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((lead: { id: string }) => lead.id));
      cursor = page.body.nextCursor;
    } while (cursor);

    const all = await t.api('GET', '/v1/leads?limit=100');
    expect(seen).toEqual(all.body.items.map((lead: { id: string }) => lead.id));
    const created = all.body.items.map((lead: { createdAt: string }) => lead.createdAt);
    expect(created).toEqual([...created].sort().reverse());
  });

  it('filters leads by days in the business time zone', async () => {
    await seedSite(t);
    t.clock.set('2026-11-20T21:30:00.000Z'); // 00:30 on 21 November in Moscow
    await postForm(t, 'shop', { name: 'Night owl', phone: '+79995200001' });
    await t.drain();

    const on20 = await t.api('GET', '/v1/leads?from=2026-11-20&to=2026-11-20');
    const on21 = await t.api('GET', '/v1/leads?from=2026-11-21&to=2026-11-21');
    expect(on20.body.items).toEqual([]);
    expect(
      on21.body.items.map((lead: { contact: { phone: string } }) => lead.contact.phone),
    ).toEqual(['+79995200001']);
    expect((await t.api('GET', '/v1/leads?from=2026-02-30')).status).toBe(400);
  });
});

const managerBody = (change: Record<string, unknown> = {}) => ({
  name: 'Boris',
  team: 'acquisition',
  extensions: ['102'],
  active: true,
  ...change,
});
