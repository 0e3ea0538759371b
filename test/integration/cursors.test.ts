import { describe, expect, it } from 'vitest';
import { postForm, seedManager, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

const cursorOf = (key: Record<string, string>) =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

describe('list cursors', () => {
  const t = useTestStack();

  const leadsCursor = async () => {
    await seedSite(t);
    await seedManager(t, 'anna');
    for (const phone of ['+79995100001', '+79995100002', '+79995100003']) {
      expect((await postForm(t, 'shop', { name: 'Cursor', phone })).status).toBe(200);
    }
    await t.drain();
    const page = await t.api('GET', '/v1/leads?limit=1');
    expect(page.body.nextCursor).toEqual(expect.any(String));
    return page.body.nextCursor as string;
  };

  it('answers 400, not 503, to a cursor of the leads list used on the calls list', async () => {
    const cursor = await leadsCursor();

    const response = await t.api('GET', `/v1/calls?cursor=${cursor}`);

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_payload' });
  });

  it('answers 400 to a cursor of all leads used on one manager’s leads', async () => {
    const cursor = await leadsCursor();

    const response = await t.api('GET', `/v1/leads?managerId=anna&cursor=${cursor}`);

    expect(response.status).toBe(400);
  });

  it.each([
    ['another partition', { pk: 'LEAD#x', sk: 'LEAD', gsi1pk: 'MANAGERS', gsi1sk: 'x' }],
    ['keys of no index', { pk: 'LEAD#x', sk: 'LEAD' }],
    ['a sort key outside the period', { pk: 'LEAD#x', sk: 'LEAD', gsi1pk: 'LEADS', gsi1sk: '~~' }],
  ])('answers 400 to a forged cursor with %s', async (_, key) => {
    await seedSite(t);

    const response = await t.api(
      'GET',
      `/v1/leads?from=2026-01-01&to=2026-01-31&cursor=${cursorOf(key)}`,
    );

    expect(response.status).toBe(400);
  });

  it('still pages through the leads with the cursor it gave', async () => {
    const cursor = await leadsCursor();

    const next = await t.api('GET', `/v1/leads?limit=1&cursor=${cursor}`);

    expect(next.status).toBe(200);
    expect(next.body.items).toHaveLength(1);
  });
});
