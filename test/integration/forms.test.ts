import { describe, expect, it } from 'vitest';
import { composeIngest } from '../../functions/ingest/compose';
import { lambdaHandler } from '../../shared/http/lambda-handler';
import { httpApiEvent } from '../support/http-api-event';
import { postForm, SITE_ORIGIN, SITE_TOKEN, seedManager, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

describe('POST /v1/forms/{siteKey}', () => {
  const t = useTestStack();

  /** A held form post with these fields is among the quarantine's items. */
  const expectHeld = async (fields: Record<string, unknown>) =>
    expect(await t.items('HELD#')).toEqual(
      expect.arrayContaining([expect.objectContaining({ route: 'forms', ...fields })]),
    );

  const lastLeadOf = async (phone: string) => {
    const leads = await t.api('GET', '/v1/leads?limit=100');
    return leads.body.items.find(
      (lead: { contact: { phone?: string } }) => lead.contact.phone === phone,
    );
  };

  it('accepts a urlencoded Tilda post and turns it into a lead with UTM, page and referer', async () => {
    await seedSite(t);
    await seedManager(t, 'anna');

    const response = await postForm(
      t,
      'shop',
      'Name=Ivan%20Petrov&Phone=%2B7%20(912)%20345-67-89&Email=IVAN@Example.COM&Comments=Call%20me' +
        '&utm_source=yandex&utm_campaign=winter&page=https%3A%2F%2Fshop.example%2Fsale&formid=form1&tranid=777',
      { headers: { Referer: 'https://shop.example/sale?x=1' } },
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ accepted: true, eventId: 'form:shop:browser:tranid:777' });
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);

    await t.drain();
    const lead = await lastLeadOf('+79123456789');
    expect(lead).toMatchObject({
      status: 'assigned',
      managerId: 'anna',
      channels: ['form'],
      touches: 1,
      text: 'Call me',
      contact: { name: 'Ivan Petrov', phone: '+79123456789', email: 'ivan@example.com' },
      utm: { source: 'yandex', campaign: 'winter' },
      source: {
        siteKey: 'shop',
        formId: 'form1',
        page: 'https://shop.example/sale',
        referer: 'https://shop.example/sale?x=1',
      },
    });
  });

  it('reads JSON, multipart and text/plain bodies alike', async () => {
    await seedSite(t);
    const json = await postForm(t, 'shop', { name: 'Json', phone: '+7 913 000-00-01' });
    const form = new FormData();
    form.set('name', 'Multipart');
    form.set('phone', '8 913 000 00 02');
    form.set('file-cv', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'cv.pdf');
    const multipart = await postForm(t, 'shop', form);
    const text = await postForm(t, 'shop', '{"name":"Plain","phone":"79130000003"}', {
      contentType: 'text/plain',
    });
    expect([json.status, multipart.status, text.status]).toEqual([200, 200, 200]);

    await t.drain();
    const names = (await t.contacts()).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['Json', 'Multipart', 'Plain']));
    const multipartLead = await lastLeadOf('+79130000002');
    // The file is kept as what it is (Contact Form 7's file fields), never its content.
    expect(multipartLead.fields).toEqual({
      'file-cv': '{"file":"cv.pdf","contentType":"application/pdf","bytes":8}',
    });
  });

  it.each([
    ['undeclared', 'application/x-www-form-urlencoded', '+79167200001'],
    ['declared', 'application/x-www-form-urlencoded; charset=windows-1251', '+79167200002'],
  ])(
    'reads a browser post from a windows-1251 page (charset %s) as the Cyrillic the client typed',
    async (_, contentType, phone) => {
      await seedSite(t);
      await seedManager(t, 'anna');
      // What a browser on a cp1251 page sends: urlencode({…}, encoding='cp1251').
      const body =
        'name=%C8%E2%E0%ED&phone=' +
        encodeURIComponent(phone) +
        '&message=%CF%E5%F0%E5%E7%E2%EE%ED%E8%F2%E5+%EF%EE%F1%EB%E5+%EE%E1%E5%E4%E0';

      const response = await postForm(t, 'shop', body, { contentType });

      expect(response.status).toBe(200);
      await t.drain();
      expect(await lastLeadOf(phone)).toMatchObject({
        contact: { name: 'Иван', phone },
        text: 'Перезвоните после обеда',
      });
      expect(await t.items('HELD#')).toEqual([]);
    },
  );

  it('decodes the base64 bodies API Gateway hands Lambda for urlencoded and multipart posts', async () => {
    await seedSite(t);
    // The ingest Lambda exactly as functions/ingest/index.ts builds it.
    const handler = lambdaHandler(
      composeIngest(t.stack.config, { now: t.clock.now, newId: () => 'x' }),
    );
    const body = 'name=Base64&phone=89140000001';
    const event = httpApiEvent({
      path: '/v1/forms/shop',
      body: Buffer.from(body).toString('base64'),
      base64: true,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: SITE_ORIGIN },
    });

    const result = await handler(event as unknown as Parameters<typeof handler>[0], {} as never);

    expect(result).toMatchObject({ statusCode: 200 });
    await t.drain();
    expect(await lastLeadOf('+79140000001')).toMatchObject({ contact: { name: 'Base64' } });
  });

  it('answers Tilda’s test ping with 200 "ok" and stores nothing', async () => {
    await seedSite(t);
    const before = await t.queueDepth('intake');

    const response = await postForm(t, 'shop', 'test=test');

    expect(response).toMatchObject({ status: 200, body: 'ok' });
    expect(await t.queueDepth('intake')).toBe(before);
  });

  it('answers a filled honeypot like a success, counts it as spam and holds it, queueing nothing', async () => {
    await seedSite(t, 'honey', { honeypotField: 'website' });
    const before = await t.queueDepth('intake');

    const response = await postForm(t, 'honey', 'name=Bot&phone=89150000001&website=http://spam');

    expect(response).toMatchObject({ status: 200, body: { accepted: true } });
    expect(await t.queueDepth('intake')).toBe(before);
    const spam = await t.items('STATS#SPAM');
    expect(spam).toEqual([expect.objectContaining({ siteKey: 'honey', spam: 1 })]);
    const held = (await t.items('HELD#')).filter((item) => item.name === 'honey');
    expect(held).toEqual([expect.objectContaining({ reason: 'spam', status: 'held' })]);
  });

  it('has no honeypot unless the site names one: a B2B form’s real Website field becomes a lead', async () => {
    await seedSite(t, 'b2b');
    const site = await t.api('GET', '/v1/sites');

    const response = await postForm(
      t,
      'b2b',
      'name=Buyer&phone=89150000002&website=https://buyer.example',
    );

    expect(
      site.body.items.find((s: { siteKey: string }) => s.siteKey === 'b2b').honeypotField,
    ).toBeUndefined();
    expect(response).toMatchObject({
      status: 200,
      body: { accepted: true, eventId: expect.any(String) },
    });
    await t.drain();
    expect(await lastLeadOf('+79150000002')).toMatchObject({
      fields: { website: 'https://buyer.example' },
    });
  });

  it.each([
    ['a Bearer token', { Authorization: `Bearer ${SITE_TOKEN}` }, ''],
    ['a token field', {}, `&token=${SITE_TOKEN}`],
  ])('accepts a server-to-server post with %s', async (_, headers, extra) => {
    await seedSite(t);
    const response = await t
      .request('/v1/forms/shop', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
        body: `name=Server&phone=89160000001${extra}`,
      })
      .then(t.toJson);
    expect(response.status).toBe(200);
  });

  it('accepts the site token in the query string, as Tilda webhook URLs carry it', async () => {
    await seedSite(t);
    const response = await t
      .request(`/v1/forms/shop?token=${SITE_TOKEN}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'name=Query&phone=89160000002',
      })
      .then(t.toJson);
    expect(response.status).toBe(200);
  });

  it('takes a valid site token over an allowed Origin: the post is the site’s, its contact data verified', async () => {
    await seedSite(t);
    const response = await postForm(
      t,
      'shop',
      { name: 'Vera', phone: '+79160000004', email: 'vera@client.example' },
      { headers: { Authorization: `Bearer ${SITE_TOKEN}` } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    await t.drain();

    const [contact] = (await t.contacts()).filter((c) =>
      (c.phones as Set<string>)?.has('+79160000004'),
    );
    expect(contact).toMatchObject({ name: 'Vera' });
    expect(contact?.nameUnverified).toBeUndefined();
    expect(contact?.unverifiedEmails).toBeUndefined();
  });

  it('keeps a forged browser post from taking a real order’s id: the token post with the same tranid still becomes the lead', async () => {
    await seedSite(t);
    const forged = await postForm(
      t,
      'shop',
      'tranid=5555555:1000001&name=Forged&phone=%2B79167400001',
    );
    const real = await postForm(
      t,
      'shop',
      'tranid=5555555:1000001&Name=Real%20Client&Phone=%2B79167400002',
      { headers: { Origin: '', Authorization: `Bearer ${SITE_TOKEN}` } },
    );
    expect([forged.status, real.status]).toEqual([200, 200]);
    expect(real.body.eventId).not.toBe(forged.body.eventId);
    await t.drain();

    expect(await lastLeadOf('+79167400002')).toMatchObject({ contact: { name: 'Real Client' } });
    // A browser's retry of its own post is still the same submission.
    const again = await postForm(
      t,
      'shop',
      'tranid=5555555:1000001&name=Forged&phone=%2B79167400001',
    );
    expect(again.body.eventId).toBe(forged.body.eventId);
  });

  it('refuses a post with neither an allowed origin nor the token (403) and queues nothing', async () => {
    await seedSite(t);
    await t.drain();
    const before = await t.queueDepth('intake');

    const foreign = await postForm(t, 'shop', 'name=X&phone=89160000003', {
      headers: { Origin: 'https://evil.example' },
    });
    const wrongToken = await t
      .request('/v1/forms/shop', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: 'Bearer wrong-token-xxxxxxxx',
        },
        body: JSON.stringify({ name: 'X', phone: '89160000003' }),
      })
      .then(t.toJson);

    expect(foreign).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(wrongToken).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await t.queueDepth('intake')).toBe(before);
  });

  it('answers the CORS preflight for an allowed origin and refuses others', async () => {
    await seedSite(t);
    const preflight = (origin: string) =>
      t.request('/v1/forms/shop', {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });

    const allowed = await preflight(SITE_ORIGIN);
    const refused = await preflight('https://evil.example');

    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'content-type',
    );
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 404 unknown_site for a site nobody registered', async () => {
    const response = await postForm(t, 'nope', 'name=X&phone=89160000004');
    expect(response).toMatchObject({ status: 404, body: { error: 'unknown_site' } });
  });

  it('refuses bodies over 64 KB with 413', async () => {
    await seedSite(t);
    const response = await postForm(
      t,
      'shop',
      `name=X&phone=89160000005&message=${'a'.repeat(70_000)}`,
    );
    expect(response).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
  });

  it.each([
    ['no phone and no e-mail', 'name=Nobody', 'phone'],
    ['a phone with a digit missing', 'name=X&phone=8-912-345-67-8', 'phone'],
    ['an e-mail that is not one', 'name=X&email=not-an-email', 'email'],
  ])(
    'answers a browser’s post (its allowed Origin) 400 with issues for %s',
    async (_, body, path) => {
      await seedSite(t);
      const response = await postForm(t, 'shop', body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        error: 'invalid_payload',
        issues: [expect.objectContaining({ path })],
      });
    },
  );

  it.each([
    ['no phone and no e-mail', 'name=Nobody&comment=Call%20me', 'phone'],
    ['a phone with a digit missing', 'name=X&phone=8-912-345-67-8', 'phone'],
  ])(
    'holds a server-to-server post (the site token) with %s: nobody reads its answer',
    async (_, body, path) => {
      await seedSite(t);
      const before = await t.queueDepth('intake');

      const response = await t
        .request(`/v1/forms/shop?token=${SITE_TOKEN}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body,
        })
        .then(t.toJson);

      expect(response).toMatchObject({ status: 200, body: { accepted: true } });
      expect(await t.queueDepth('intake')).toBe(before);
      await expectHeld({
        reason: 'not_understood',
        issues: [expect.objectContaining({ path })],
        authenticatedBy: 'token',
        status: 'held',
      });
    },
  );

  it('answers 415 for a content type it does not read when the post is not authenticated', async () => {
    await seedSite(t);
    const response = await postForm(t, 'shop', '<lead/>', {
      contentType: 'application/xml',
      headers: { Origin: 'https://elsewhere.example' },
    });
    expect(response).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
  });

  it('refuses 415 a post from an allowed origin alone in a content type no browser form sends, and stores nothing', async () => {
    await seedSite(t);
    const before = { queued: await t.queueDepth('intake'), held: (await t.items('HELD#')).length };

    const response = await postForm(t, 'shop', '<lead phone="89160000007"/>', {
      contentType: 'application/xml',
    });

    expect(response).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(await t.queueDepth('intake')).toBe(before.queued);
    expect(await t.items('HELD#')).toHaveLength(before.held);
  });

  it('holds a post from an allowed origin with no content type at all (a page’s untyped Blob, no preflight)', async () => {
    await seedSite(t);

    const response = await t
      .request('/v1/forms/shop', {
        method: 'POST',
        headers: { Origin: SITE_ORIGIN },
        body: new Blob(['{"name":"Beacon","phone":"89160000009"}']),
      })
      .then(t.toJson);

    expect(response).toMatchObject({ status: 200, body: { accepted: true } });
    await expectHeld({ reason: 'unsupported_media_type', authenticatedBy: 'origin' });
  });

  it('holds a post sent with the site token in a content type no form posts', async () => {
    await seedSite(t);

    const response = await postForm(t, 'shop', '<lead phone="89160000008"/>', {
      contentType: 'application/xml',
      headers: { Origin: '', Authorization: `Bearer ${SITE_TOKEN}` },
    });

    expect(response).toMatchObject({ status: 200, body: { accepted: true } });
    await expectHeld({ reason: 'unsupported_media_type', authenticatedBy: 'token' });
  });

  it.each([
    ['JSON that is cut short', '{"name":"Cut","phone":"8916', 'application/json', 'unreadable'],
    [
      'a charset no decoder knows',
      'name=%C8%E2%E0%ED&phone=89160000007',
      'application/x-www-form-urlencoded; charset=x-klingon',
      'unreadable',
    ],
  ])(
    'holds a post from an allowed origin with %s, answering it like a lead',
    async (_, body, type, reason) => {
      await seedSite(t);
      const before = await t.queueDepth('intake');

      const response = await postForm(t, 'shop', body, { contentType: type });

      expect(response).toMatchObject({ status: 200, body: { accepted: true } });
      expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
      expect(await t.queueDepth('intake')).toBe(before);
      await expectHeld({ name: 'shop', reason, status: 'held' });
    },
  );
});
