import { beforeAll, describe, expect, it } from 'vitest';
import { csvRecords } from '../support/csv';
import { GENERIC_SECRET, genericCall, playCalls } from '../support/generic-telephony';
import { postForm, seedManager, seedSite } from '../support/seed';
import { TEST_ADMIN_KEY, useTestStack } from '../support/test-stack';

const PERIOD = 'from=2026-11-20&to=2026-11-21';

describe('CSV export of calls and leads', () => {
  const t = useTestStack({ env: { GENERIC_TELEPHONY_SECRET: GENERIC_SECRET } });
  const keys = { anna: '', head: '' };

  const names = {
    comma: 'Ivanov, Ivan "VIP"',
    formula: '=HYPERLINK("http://evil.example","click")',
    lines: 'Olga\nfrom the second line',
    cyrillic: 'Пётр Сергеевич',
  };

  beforeAll(async () => {
    await seedSite(t);
    await seedManager(t, 'anna', { extensions: ['101'] });
    await seedManager(t, 'boris', { extensions: ['102'] });
    for (const [n, name] of Object.values(names).entries()) {
      t.clock.set(`2026-11-20T0${n + 5}:00:00Z`);
      const posted = await postForm(t, 'shop', { name, phone: `+7916555000${n}` });
      if (posted.status !== 200)
        throw new Error(`a form was refused: ${JSON.stringify(posted.body)}`);
      await t.drain();
    }
    await playCalls(t, [
      ...genericCall('answered-anna', {
        customer: '+79161110001',
        start: '2026-11-20T10:00:00Z',
        ringSeconds: 6,
        talkSeconds: 95,
        extension: '101',
      }),
      ...genericCall('answered-boris', {
        customer: '+79161110002',
        start: '2026-11-20T11:00:00Z',
        ringSeconds: 9,
        talkSeconds: 30,
        extension: '102',
      }),
      ...genericCall('missed', {
        customer: '+79161110003',
        start: '2026-11-20T12:00:00Z',
        ringSeconds: 40,
      }),
      ...genericCall('abandon', {
        customer: '+79161110004',
        start: '2026-11-21T08:00:00Z',
        ringSeconds: 2,
        disposition: 'canceled',
      }),
      ...genericCall('outbound-boris', {
        direction: 'outbound',
        customer: '+79161110005',
        start: '2026-11-21T09:00:00Z',
        ringSeconds: 5,
        talkSeconds: 70,
        extension: '102',
      }),
      ...genericCall('later', {
        customer: '+79161110006',
        start: '2026-11-25T09:00:00Z',
        ringSeconds: 5,
        talkSeconds: 61,
        extension: '101',
      }),
    ]);
    const created = async (body: Record<string, string>) =>
      (await t.api('POST', '/v1/keys', body)).body.key as string;
    keys.anna = await created({ name: 'Anna', role: 'manager', managerId: 'anna' });
    keys.head = await created({ name: 'Head', role: 'head' });
  });

  const get = (path: string, headers: Record<string, string> = {}, key = TEST_ADMIN_KEY) =>
    t.request(path, { headers: { Authorization: `Bearer ${key}`, ...headers } });

  const csv = async (path: string, headers: Record<string, string> = {}, key = TEST_ADMIN_KEY) => {
    const response = await get(path, headers, key);
    expect(response.status).toBe(200);
    return csvRecords(await response.text());
  };

  /** Every item the JSON route lists for a query, page after page. */
  const jsonItems = async (path: string, key = TEST_ADMIN_KEY) => {
    const items: Record<string, any>[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page = await t.api(
        'GET',
        `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        undefined,
        key,
      );
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  };

  it('writes every call of the period, in the JSON route’s order, when the store is read two rows at a time', async () => {
    const rows = await csv(`/v1/calls?${PERIOD}&format=csv&limit=2`);
    const json = await jsonItems(`/v1/calls?${PERIOD}`);

    expect(rows).toHaveLength(5);
    expect(rows.map((row) => row.id)).toEqual(json.map((call) => call.id));
    for (const [i, call] of json.entries()) {
      expect(rows[i]).toMatchObject({
        outcome: call.outcome,
        direction: call.direction,
        day: call.day,
        talkSeconds: String(call.talkSeconds),
        managerId: call.managerId ?? '',
        customer: `'${call.customer}`,
        startedAt: call.startedAt,
        callbackStatus: call.callback?.status ?? '',
        closedBy: call.closedBy ?? '',
      });
    }
  });

  it('answers Accept: text/csv with a UTF-8 attachment named after the period, BOM and header row first', async () => {
    const response = await get(`/v1/calls?${PERIOD}`, { Accept: 'text/csv' });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="calls_from_2026-11-20_to_2026-11-21.csv"',
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.slice(1, text.indexOf('\r\n'))).toBe(
      'id,provider,callId,day,direction,outcome,effective,missedReason,disposition,customer,line,managerId,startedAt,answeredAt,endedAt,talkSeconds,waitSeconds,callbackStatus,callbackAt,callbackSeconds,callbackByCallId,recordingUrl,closedBy',
    );
  });

  it.each([
    ['outcome=missed'],
    ['outcome=effective'],
    ['direction=outbound'],
    ['managerId=boris'],
    ['from=2026-11-25'],
    ['to=2026-11-20'],
  ])('exports the calls the JSON route lists for %s', async (filter) => {
    const rows = await csv(`/v1/calls?${filter}&format=csv&limit=1`);
    const json = await jsonItems(`/v1/calls?${filter}`);

    expect(json.length).toBeGreaterThan(0);
    expect(rows.map((row) => row.id)).toEqual(json.map((call) => call.id));
  });

  it('keeps names with commas, quotes, line breaks and Cyrillic whole, and shows formulas and phones as text', async () => {
    const rows = await csv('/v1/leads?format=csv');
    const byPhone = new Map(rows.map((row) => [row.contactPhones, row]));

    expect(byPhone.get("'+79165550000")?.contactName).toBe(names.comma);
    expect(byPhone.get("'+79165550001")?.contactName).toBe(`'${names.formula}`);
    expect(byPhone.get("'+79165550002")?.contactName).toBe(names.lines);
    expect(byPhone.get("'+79165550003")?.contactName).toBe(names.cyrillic);
    expect(byPhone.get("'+79165550000")).toMatchObject({
      kind: 'inquiry',
      channels: 'form',
      siteKey: 'shop',
      touches: '1',
    });
  });

  it('exports the leads the JSON route lists, with the same filters, across pages', async () => {
    for (const filter of ['', 'status=assigned', 'channel=form', 'managerId=boris', PERIOD]) {
      const rows = await csv(`/v1/leads?${filter ? `${filter}&` : ''}format=csv&limit=1`);
      const json = await jsonItems(`/v1/leads?${filter}`);

      expect(json.length).toBeGreaterThan(1); // more than one read of one
      expect(rows.map((row) => row.id)).toEqual(json.map((lead) => lead.id));
    }
  });

  it('keeps a manager key to its own leads, and refuses it another manager’s leads and the calls', async () => {
    const own = await csv('/v1/leads', { Accept: 'text/csv' }, keys.anna);
    const others = await get('/v1/leads?format=csv&managerId=boris', {}, keys.anna);
    const calls = await get('/v1/calls?format=csv', {}, keys.anna);

    expect(own.length).toBeGreaterThan(0);
    expect(new Set(own.map((row) => row.managerId))).toEqual(new Set(['anna']));
    expect(own.map((row) => row.id)).toEqual(
      (await jsonItems('/v1/leads', keys.anna)).map((lead) => lead.id),
    );
    expect(others.status).toBe(403);
    expect(await others.json()).toMatchObject({ error: 'forbidden' });
    expect(calls.status).toBe(403);
  });

  it('lets a head key export the calls, and nobody without a key', async () => {
    const head = await csv('/v1/calls?format=csv', {}, keys.head);
    const anonymous = await t.request('/v1/calls?format=csv');

    expect(head).toHaveLength(6);
    expect(anonymous.status).toBe(401);
  });

  it.each([
    ['a date that does not exist', '/v1/calls?from=2026-02-30'],
    ['an unknown parameter', '/v1/leads?colour=red'],
    ['a limit out of range', '/v1/calls?limit=500'],
    ['a cursor this API never gave', '/v1/leads?cursor=bm90LWEtY3Vyc29y'],
  ])('refuses %s with the JSON route’s own 400', async (_, path) => {
    const asJson = await t.api('GET', path);
    const asCsv = await t.toJson(await get(`${path}&format=csv`));

    expect(asJson.status).toBe(400);
    expect(asCsv).toMatchObject({ status: 400, body: asJson.body });
  });

  it('lists text/csv beside JSON for both lists in the OpenAPI document', async () => {
    const doc = (await t.api('GET', '/v1/openapi.json', undefined, null)).body;

    for (const path of ['/v1/calls', '/v1/leads']) {
      expect(Object.keys(doc.paths[path].get.responses['200'].content)).toEqual([
        'application/json',
        'text/csv',
      ]);
    }
  });

  it.each([
    ['no Accept header', {}],
    ['Accept: */*', { Accept: '*/*' }],
    ['Accept: application/json', { Accept: 'application/json' }],
    ['a browser’s Accept', { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }],
  ])('answers JSON as before with %s', async (_, headers) => {
    const response = await get('/v1/calls?limit=1', headers);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ items: [expect.any(Object)] });
  });
});
