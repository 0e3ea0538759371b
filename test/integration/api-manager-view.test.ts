import { describe, expect, it } from 'vitest';
import { postForm, seedManager, seedSite } from '../support/seed';
import { TEST_ADMIN_KEY, useTestStack } from '../support/test-stack';

/** What the dashboard's manager view needs from the API: who a key is, and each deadline. */
describe('the API for the manager view', () => {
  const t = useTestStack({ env: { ACCEPT_TIMEOUT_SECONDS: '300' } });

  const createKey = async (body: Record<string, string>) => {
    const response = await t.api('POST', '/v1/keys', body);
    expect(response.status).toBe(201);
    return response.body as { key: string; keyId: string };
  };

  it('tells any valid key who it is: its id, its role and a manager key its manager', async () => {
    await seedManager(t, 'anna');
    const head = await createKey({ name: 'Head', role: 'head' });
    const manager = await createKey({ name: 'Anna', role: 'manager', managerId: 'anna' });

    const asAdmin = await t.api('GET', '/v1/me', undefined, TEST_ADMIN_KEY);
    const asHead = await t.api('GET', '/v1/me', undefined, head.key);
    const asManager = await t.api('GET', '/v1/me', undefined, manager.key);

    expect(asAdmin).toMatchObject({ status: 200, body: { keyId: 'admin', role: 'admin' } });
    expect(asHead.body).toEqual({ keyId: head.keyId, role: 'head' });
    expect(asManager.body).toEqual({ keyId: manager.keyId, role: 'manager', managerId: 'anna' });
  });

  it.each([
    ['no key', null],
    ['a wrong key', 'sb_not_a_real_key_at_all'],
  ])('answers 401 to /v1/me with %s', async (_, key) => {
    const response = await t.api('GET', '/v1/me', undefined, key);

    expect(response).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
  });

  it('documents /v1/me and the deadline to accept in the OpenAPI document', async () => {
    const openapi = (await t.api('GET', '/v1/openapi.json', undefined, null)).body;

    expect(openapi.paths['/v1/me'].get.responses['200']).toBeDefined();
    expect(Object.keys(openapi.components.schemas.Me.properties)).toEqual([
      'keyId',
      'role',
      'managerId',
    ]);
    expect(openapi.components.schemas.Lead.properties.acceptBy).toMatchObject({ type: 'string' });
    expect(openapi.components.schemas.Lead.required).not.toContain('acceptBy');
  });

  it('gives an assigned lead its deadline to accept, assignedAt + ACCEPT_TIMEOUT_SECONDS, until accepted', async () => {
    await seedSite(t);
    await seedManager(t, 'anna');
    const manager = await createKey({ name: 'Anna', role: 'manager', managerId: 'anna' });
    await postForm(t, 'shop', { name: 'Client', phone: '+79995300001' });
    await t.drain();
    const [assigned] = (await t.api('GET', '/v1/leads?status=assigned', undefined, manager.key))
      .body.items;

    const accepted = await t.api('POST', `/v1/leads/${assigned.id}/accept`, undefined, manager.key);
    const detail = await t.api('GET', `/v1/leads/${assigned.id}`, undefined, manager.key);

    expect(Date.parse(assigned.acceptBy) - Date.parse(assigned.assignedAt)).toBe(300_000);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.acceptBy).toBeUndefined();
    expect(detail.body.acceptBy).toBeUndefined();
  });
});
