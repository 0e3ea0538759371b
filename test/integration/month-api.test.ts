import { describe, expect, it } from 'vitest';
import { deactivateManagers, postForm, seedManager, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

describe('the month’s routes', () => {
  const t = useTestStack();

  const key = async (role: string, managerId?: string) => {
    if (managerId) await seedManager(t, managerId);
    const created = await t.api('POST', '/v1/keys', { name: `${role} key`, role, managerId });
    expect(created.status).toBe(201);
    return created.body.key as string;
  };

  /** A lead of this phone, offered to `managerId` (the only manager on duty). */
  const leadOf = async (phone: string, managerId: string) => {
    await seedSite(t);
    await deactivateManagers(t);
    await seedManager(t, managerId);
    await postForm(t, 'shop', { name: 'Client', phone });
    await t.drain();
    const leads = (await t.api('GET', `/v1/leads?managerId=${managerId}&limit=100`)).body.items;
    return leads.find((lead: { contact: { phone?: string } }) => lead.contact.phone === phone);
  };

  it('documents every new route in the OpenAPI document', async () => {
    const openapi = (await t.api('GET', '/v1/openapi.json', undefined, null)).body;

    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/v1/deals',
        '/v1/plans/{month}',
        '/v1/metrics/funnel',
        '/v1/metrics/clients',
      ]),
    );
    expect(Object.keys(openapi.paths['/v1/plans/{month}'])).toEqual(['get', 'put']);
    for (const schema of ['DealInput', 'Deal', 'PlanInput', 'PlanProgress', 'Funnel', 'Clients']) {
      expect(openapi.components.schemas[schema], schema).toBeDefined();
    }
    expect(Object.keys(openapi.components.schemas.CloseLeadInput.properties)).toEqual([
      'outcome',
      'amount',
      'currency',
      'reason',
    ]);
  });

  it('refuses a manager key the deals, plans, funnel and clients, and lets a head in', async () => {
    const manager = await key('manager', 'anna');
    const headKey = await key('head');
    const requests = [
      ['POST', '/v1/deals', { dealId: 'd-1', leadId: 'nope', outcome: 'won' }],
      ['PUT', '/v1/plans/2026-11', { managers: {} }],
      ['GET', '/v1/plans/2026-11'],
      ['GET', '/v1/metrics/funnel?from=2026-11-01&to=2026-11-30'],
      ['GET', '/v1/metrics/clients'],
    ] as const;

    for (const [method, path, body] of requests) {
      expect(await t.api(method, path, body, manager), path).toMatchObject({
        status: 403,
        body: { error: 'forbidden' },
      });
      expect((await t.api(method, path, body, headKey)).status, path).toBe(
        path === '/v1/deals' ? 404 : 200,
      );
    }
  });

  it.each([
    ['a month that is not YYYY-MM', 'PUT', '/v1/plans/2026-13', { managers: {} }, 'month'],
    ['a month written otherwise', 'GET', '/v1/plans/november', undefined, 'month'],
    [
      'a negative target',
      'PUT',
      '/v1/plans/2026-11',
      { managers: { anna: { calls: -1 } } },
      'managers.anna.calls',
    ],
    [
      'revenue with three decimals',
      'PUT',
      '/v1/plans/2026-11',
      { managers: { anna: { revenue: 1.005 } } },
      'managers.anna.revenue',
    ],
    [
      'an unknown target',
      'PUT',
      '/v1/plans/2026-11',
      { managers: { anna: { meetings: 3 } } },
      'managers.anna',
    ],
    [
      'a deal with neither lead nor phone',
      'POST',
      '/v1/deals',
      { dealId: 'x', outcome: 'won' },
      'leadId',
    ],
    [
      'a deal with both',
      'POST',
      '/v1/deals',
      { dealId: 'x', leadId: 'l', phone: '+79161234567', outcome: 'won' },
      'leadId',
    ],
    [
      'a deal whose phone is no number',
      'POST',
      '/v1/deals',
      { dealId: 'x', phone: 'call me', outcome: 'won' },
      'phone',
    ],
    [
      'a deal in a made-up currency',
      'POST',
      '/v1/deals',
      { dealId: 'x', leadId: 'l', outcome: 'won', amount: 10, currency: 'rubles' },
      'currency',
    ],
    [
      'a deal closed at no time',
      'POST',
      '/v1/deals',
      { dealId: 'x', leadId: 'l', outcome: 'won', closedAt: 'yesterday' },
      'closedAt',
    ],
    [
      'a funnel backwards',
      'GET',
      '/v1/metrics/funnel?from=2026-11-30&to=2026-11-01',
      undefined,
      'from',
    ],
    [
      'a funnel by week',
      'GET',
      '/v1/metrics/funnel?from=2026-11-01&to=2026-11-30&groupBy=week',
      undefined,
      'groupBy',
    ],
    ['a window of no months', 'GET', '/v1/metrics/clients?months=0', undefined, 'months'],
  ] as const)('answers 400 invalid_payload to %s', async (_, method, path, body, field) => {
    const response = await t.api(method, path, body);

    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_payload');
    expect(response.body.issues.map((i: { path: string }) => i.path)).toContain(field);
  });

  it('answers 404 to a deal whose lead or phone it does not know, and records nothing', async () => {
    const byLead = await t.api('POST', '/v1/deals', {
      dealId: 'n-1',
      leadId: 'no-such-lead',
      outcome: 'won',
    });
    const byPhone = await t.api('POST', '/v1/deals', {
      dealId: 'n-2',
      phone: '+79169999999',
      outcome: 'won',
      amount: 100,
    });

    expect(byLead).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(byPhone).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await t.items('DEAL#n-')).toEqual([]);
  });

  it('lets a manager close their own lead with an amount and a reason, shown on the lead', async () => {
    const lead = await leadOf('+79161110001', 'anna');
    const anna = await key('manager', 'anna');

    const closed = await t.api(
      'POST',
      `/v1/leads/${lead.id}/close`,
      { outcome: 'won', amount: 1234.56, currency: 'EUR', reason: 'signed' },
      anna,
    );

    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      outcome: 'won',
      amount: 1234.56,
      currency: 'EUR',
      reason: 'signed',
    });
    expect(closed.body.closedAt).toEqual(expect.any(String));
    const csv = await t.request(`/v1/leads?managerId=anna&format=csv`, {
      headers: { Authorization: `Bearer ${anna}` },
    });
    expect(await csv.text()).toContain(',won,1234.56,EUR,signed,,');
  });

  it('closes a contact’s open lead by phone, in any writing of the number', async () => {
    const lead = await leadOf('+79161110002', 'boris');

    const deal = await t.api('POST', '/v1/deals', {
      dealId: 'crm-77',
      phone: '8 (916) 111-00-02',
      outcome: 'won',
      amount: 500,
      closedAt: '2026-11-27T12:00:00+03:00',
    });

    expect(deal).toMatchObject({
      status: 200,
      body: {
        dealId: 'crm-77',
        leadId: lead.id,
        outcome: 'won',
        amount: 500,
        currency: 'RUB',
        closedAt: '2026-11-27T09:00:00.000Z',
        effect: 'closed',
      },
    });
    expect((await t.api('GET', `/v1/leads/${lead.id}`)).body).toMatchObject({
      status: 'closed',
      dealId: 'crm-77',
    });
  });

  it('finds a contact’s latest lead by phone once none is open', async () => {
    const lead = await leadOf('+79161110003', 'vera');
    await t.api('POST', `/v1/leads/${lead.id}/close`, { outcome: 'lost' });

    const deal = await t.api('POST', '/v1/deals', {
      dealId: 'crm-78',
      phone: '+79161110003',
      outcome: 'won',
      amount: 900,
    });

    expect(deal.body).toMatchObject({ leadId: lead.id, effect: 'replaced' });
    expect((await t.api('GET', `/v1/leads/${lead.id}`)).body).toMatchObject({
      outcome: 'won',
      amount: 900,
    });
  });

  it('adds a client’s second won CRM deal to the first: each deal id counts its own amount once', async () => {
    const lead = await leadOf('+79161110009', 'dina');
    const deal = (body: Record<string, unknown>) =>
      t.api('POST', '/v1/deals', {
        phone: '8 916 111-00-09',
        outcome: 'won',
        closedAt: '2026-11-20T12:00:00+03:00',
        ...body,
      });

    const first = await deal({ dealId: 'd-4', amount: 500, currency: 'USD' });
    const second = await deal({ dealId: 'd-5', amount: 700, currency: 'RUB' });
    const again = await deal({ dealId: 'd-5', amount: 900 });
    const lost = await deal({ dealId: 'd-6', outcome: 'lost' });

    expect(first.body).toMatchObject({ leadId: lead.id, effect: 'closed' });
    expect(second.body).toMatchObject({ leadId: lead.id, effect: 'added', amount: 700 });
    expect([again.status, again.body]).toEqual([200, second.body]);
    expect(lost.body).toMatchObject({ effect: 'unchanged' });
    expect((await t.api('GET', `/v1/leads/${lead.id}`)).body).toMatchObject({
      outcome: 'won',
      amount: 500,
      currency: 'USD',
      dealId: 'd-4',
    });
    const plan = (await t.api('GET', '/v1/plans/2026-11')).body;
    expect(plan.managers.dina.won.fact).toBe(2);
    expect(plan.managers.dina.revenue.fact).toBe(700);
    expect(plan.otherCurrencies.dina).toEqual({ USD: 500 });
    const clients = (await t.api('GET', '/v1/metrics/clients?asOf=2026-11-27&managerId=dina')).body;
    expect(clients.clients).toEqual([
      expect.objectContaining({ contactId: lead.contact.id, revenue: 700 }),
    ]);
  });

  it('refuses to close a closed lead by hand, and a manager another manager’s lead', async () => {
    const lead = await leadOf('+79161110004', 'gleb');
    const other = await key('manager', 'anna');

    expect(
      (await t.api('POST', `/v1/leads/${lead.id}/close`, { outcome: 'won', amount: 5 }, other))
        .status,
    ).toBe(403);
    expect((await t.api('POST', `/v1/leads/${lead.id}/close`, { outcome: 'spam' })).status).toBe(
      200,
    );
    expect((await t.api('POST', `/v1/leads/${lead.id}/close`, { outcome: 'won' })).status).toBe(
      409,
    );
  });

  it('refuses a plan naming managers switchboard does not have (400 with their ids), keeping the plan it had', async () => {
    await seedManager(t, 'anna');
    await t.api('PUT', '/v1/plans/2027-02', { managers: { anna: { won: 5 } } });

    const refused = await t.api('PUT', '/v1/plans/2027-02', {
      managers: { anna: { won: 6 }, ghost: { won: 5 }, 'anna-2': { calls: 1 } },
    });
    const got = await t.api('GET', '/v1/plans/2027-02');

    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_payload' });
    expect(refused.body.issues).toEqual([
      { path: 'managers.ghost', message: 'no manager with this id' },
      { path: 'managers.anna-2', message: 'no manager with this id' },
    ]);
    expect(refused.body.message).toContain('"ghost"');
    expect(Object.keys(got.body.managers)).not.toContain('ghost');
    expect(got.body.managers.anna.won.plan).toBe(5);
  });

  it('replaces a month’s plan as a whole', async () => {
    await seedManager(t, 'anna');
    await t.api('PUT', '/v1/plans/2027-01', {
      managers: { anna: { calls: 100, won: 5 } },
      team: { won: 9 },
    });

    const replaced = await t.api('PUT', '/v1/plans/2027-01', { managers: { anna: { leads: 7 } } });

    expect(replaced.status).toBe(200);
    expect(replaced.body.managers.anna.leads.plan).toBe(7);
    expect(replaced.body.managers.anna.calls.plan).toBeNull();
    expect(replaced.body.team.won.plan).toBeNull();
    expect(replaced.body.team.leads.plan).toBe(7);
    expect(replaced.body.updatedAt).toEqual(expect.any(String));
  });
});
