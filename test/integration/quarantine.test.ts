import { describe, expect, it } from 'vitest';
import { composeIngest } from '../../functions/ingest/compose';
import { signGeneric } from '../../local/signers/generic';
import { signMango } from '../../local/signers/mango';
import { telephonyChannels } from '../../shared/channels/telephony';
import { generic } from '../../shared/channels/telephony/generic';
import type { TelephonyChannel } from '../../shared/channels/telephony/types';
import { awsClientOptions } from '../../shared/config';
import { createSqsClient } from '../../shared/queue/client';
import { createSqsIntakeQueue } from '../../shared/queue/sqs-intake-queue';
import { createDocumentClient } from '../../shared/store/client';
import { createStores } from '../../shared/store/stores';
import { reprocessHeld } from '../../shared/usecases/reprocess-held';
import { GENERIC_SECRET } from '../support/generic-telephony';
import { postForm, seedManager, seedSite } from '../support/seed';
import { TEST_TELEPHONY_SECRETS } from '../support/telephony-signers/secrets';
import { useTestStack } from '../support/test-stack';

/** A disposition the generic format does not define (yet): today's parser cannot read it. */
const transferred = (callId: string, at: string) =>
  JSON.stringify({
    eventId: `${callId}-end`,
    callId,
    event: 'ended',
    direction: 'inbound',
    from: '+79161112233',
    to: '+74950000000',
    extension: '101',
    at,
    disposition: 'transferred',
    talkSeconds: '75',
  });

/**
 * Tomorrow's generic parser: it understands `transferred` (a call answered, then handed on).
 * Everything else is today's module.
 */
const tomorrow: ReadonlyMap<string, TelephonyChannel> = new Map([
  ...telephonyChannels,
  [
    'generic',
    {
      ...generic,
      parse: (request, context) =>
        generic.parse(
          {
            ...request,
            body: request.body.replace('"disposition":"transferred"', '"disposition":"answered"'),
          },
          context,
        ),
    },
  ],
]);

describe('the quarantine', () => {
  const t = useTestStack({
    env: { ...TEST_TELEPHONY_SECRETS, GENERIC_TELEPHONY_SECRET: GENERIC_SECRET },
  });

  const postGeneric = (body: string, headers = signGeneric(body, GENERIC_SECRET, t.clock.peek())) =>
    t
      .request('/v1/telephony/generic', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
      })
      .then(t.toJson);

  const held = (query = '') => t.api('GET', `/v1/quarantine${query}`);

  const keyFor = async (role: 'head' | 'manager') => {
    if (role === 'manager') await seedManager(t, 'quarantine-m');
    const created = await t.api('POST', '/v1/keys', {
      name: `${role} key`,
      role,
      ...(role === 'manager' ? { managerId: 'quarantine-m' } : {}),
    });
    return created.body.key as string;
  };

  /** Today's use case with tomorrow's parser, over this test's table and queue. */
  const reprocessWithTomorrowsParser = (id: string) => {
    const config = t.stack.config;
    const stores = createStores(createDocumentClient(awsClientOptions(config, 'dynamodb')), config);
    return reprocessHeld(
      {
        quarantine: stores.quarantine,
        sites: stores.sites,
        intake: createSqsIntakeQueue(
          createSqsClient(awsClientOptions(config, 'sqs')),
          config.intakeQueueUrl ?? '',
        ),
        secret: config.secret,
        defaultCountry: config.defaultCountry,
        timeZone: config.timeZone,
        now: t.clock.now,
        channels: { telephony: tomorrow },
      },
      id,
    );
  };

  it('holds a signed event it cannot read, answers as accepted, lists it, and keeps one entry for the PBX’s retries', async () => {
    t.clock.set('2026-11-20T09:00:00Z');
    const body = transferred('q-1', '2026-11-20T09:00:00+00:00');
    const before = await t.queueDepth('intake');

    const first = await postGeneric(body);
    t.clock.advance(30_000);
    const retry = await postGeneric(body); // signed anew, same bytes

    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(await t.queueDepth('intake')).toBe(before);
    const list = await held('?route=telephony/generic&status=held');
    expect(list.status).toBe(200);
    const items = list.body.items.filter(
      (i: { path: string }) => i.path === '/v1/telephony/generic',
    );
    expect(items).toEqual([
      expect.objectContaining({
        route: 'telephony/generic',
        status: 'held',
        reason: 'not_understood',
        bytes: Buffer.byteLength(body),
        receivedAt: '2026-11-20T09:00:00.000Z',
        issues: [expect.objectContaining({ path: 'disposition' })],
      }),
    ]);
  });

  it('holds a signed Mango event posted to a route it does not know, naming the route, and still ignores DTMF', async () => {
    t.clock.set('2026-11-27T10:00:00Z');
    const { MANGO_API_KEY: key = '', MANGO_API_SALT: salt = '' } = TEST_TELEPHONY_SECRETS;
    const json = JSON.stringify({ entry_id: 'RW50cnk=', call_id: 'TGVn', timestamp: 1795773600 });
    const body = signMango(`vpbx_api_key=${key}&json=${encodeURIComponent(json)}`, key, salt);
    const postMango = (path: string) =>
      t.request(`/v1/telephony/mango${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      });
    const before = await t.queueDepth('intake');

    const unknown = await postMango('/events/transfer');
    const dtmf = await postMango('/events/dtmf');

    expect([unknown.status, dtmf.status]).toEqual([200, 200]);
    expect(await t.queueDepth('intake')).toBe(before);
    const list = await held('?route=telephony/mango&status=held');
    expect(list.body.items).toEqual([
      expect.objectContaining({
        path: '/v1/telephony/mango/events/transfer',
        reason: 'not_understood',
        issues: [
          {
            path: 'route',
            message: 'an unknown Mango route "/events/transfer": not one we read',
          },
        ],
      }),
    ]);
  });

  it('reprocesses a held event once the parser knows it: queued with the id it would have had, deduplicated after', async () => {
    await seedManager(t, 'anna', { extensions: ['101'] });
    t.clock.set('2026-11-20T10:00:00Z');
    const body = transferred('q-2', '2026-11-20T10:00:00+00:00');
    await postGeneric(body);
    const [item] = (await held('?route=telephony/generic&status=held')).body.items.filter(
      (i: { receivedAt: string }) => i.receivedAt === '2026-11-20T10:00:00.000Z',
    );
    t.clock.set('2026-11-22T08:00:00Z'); // two days later: long past the signature's 300 s

    const today = await t.api('POST', `/v1/quarantine/${item.id}/reprocess`);
    const fixed = await reprocessWithTomorrowsParser(item.id);
    const again = await t.api('POST', `/v1/quarantine/${item.id}/reprocess`);
    await t.drain();

    // Today's parser still cannot read it: it stays held, with the reason.
    expect(today).toMatchObject({
      status: 200,
      body: { status: 'held', reason: 'not_understood' },
    });
    expect(fixed).toEqual({ outcome: 'reprocessed', eventIds: ['generic:q-2:q-2-end'] });
    expect(again).toMatchObject({ status: 409, body: { error: 'conflict' } });
    const calls = await t.api('GET', '/v1/calls?from=2026-11-20&to=2026-11-20');
    expect(calls.body.items).toEqual([
      expect.objectContaining({ callId: 'q-2', talkSeconds: 75, managerId: 'anna' }),
    ]);
    const listed = await held('?status=reprocessed');
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: item.id,
        status: 'reprocessed',
        eventIds: ['generic:q-2:q-2-end'],
      }),
    ]);

    // Reprocessing again finds it done; the PBX's own late retry of the same event (read by a
    // parser that knows it) has the same id: the call keeps one event, counted once.
    expect(await reprocessWithTomorrowsParser(item.id)).toEqual({
      outcome: 'not_held',
      status: 'reprocessed',
    });
    t.clock.set('2026-11-22T08:01:00Z');
    const late = JSON.parse(transferred('q-2', '2026-11-20T10:00:00+00:00'));
    await postGeneric(JSON.stringify({ ...late, disposition: 'answered' }));
    await t.drain();
    const events = await t.items('CALL#generic#q-2');
    expect(events.filter((e) => e.type === 'callEvent')).toHaveLength(1);
    const metrics = await t.api('GET', '/v1/metrics/calls?from=2026-11-20&to=2026-11-20');
    expect(metrics.body.totals).toMatchObject({ calls: 1, answered: 1 });
  });

  it('lets a site fix its honeypot and reprocess what it held as spam into a lead', async () => {
    await seedSite(t, 'b2b-old', { honeypotField: 'website' }); // a site saved with the old default
    await seedManager(t, 'boris');
    const spam = await postForm(
      t,
      'b2b-old',
      'name=Real&phone=89161234500&website=https://real.example',
    );
    const [item] = (await held('?route=forms&status=held')).body.items;

    const stillSpam = await t.api('POST', `/v1/quarantine/${item.id}/reprocess`);
    await seedSite(t, 'b2b-old'); // saved again without a honeypot
    const lead = await t.api('POST', `/v1/quarantine/${item.id}/reprocess`);
    await t.drain();

    expect(spam).toMatchObject({ status: 200, body: { accepted: true } });
    expect(item).toMatchObject({ reason: 'spam', route: 'forms' });
    expect(stillSpam).toMatchObject({ status: 200, body: { status: 'held', reason: 'spam' } });
    expect(lead).toMatchObject({
      status: 200,
      body: { status: 'reprocessed', eventIds: [expect.any(String)] },
    });
    const leads = await t.api('GET', '/v1/leads?limit=100');
    expect(leads.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          contact: expect.objectContaining({ phone: '+79161234500' }),
          fields: { website: 'https://real.example' },
        }),
      ]),
    );
  });

  it('discards a held request, keeps it listed, and reprocesses it no more', async () => {
    t.clock.set('2026-11-21T10:00:00Z');
    await postGeneric(transferred('q-3', '2026-11-21T10:00:00+00:00'));
    const [item] = (await held('?from=2026-11-21&to=2026-11-21&status=held')).body.items;

    const discarded = await t.api('POST', `/v1/quarantine/${item.id}/discard`);
    const reprocess = await t.api('POST', `/v1/quarantine/${item.id}/reprocess`);
    const unknown = await t.api('POST', '/v1/quarantine/0000/discard');

    expect(discarded).toMatchObject({ status: 200, body: { id: item.id, status: 'discarded' } });
    expect(reprocess).toMatchObject({ status: 409, body: { error: 'conflict' } });
    expect(unknown).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect((await held('?status=discarded')).body.items).toEqual([
      expect.objectContaining({ id: item.id, status: 'discarded' }),
    ]);
  });

  it('shows an admin the held body and headers; lets a head list but not reprocess; refuses a manager', async () => {
    t.clock.set('2026-11-23T10:00:00Z');
    const body = transferred('q-4', '2026-11-23T10:00:00+00:00');
    await postGeneric(body);
    const [item] = (await held('?from=2026-11-23&to=2026-11-23')).body.items;
    const head = await keyFor('head');
    const manager = await keyFor('manager');

    const detail = await t.api('GET', `/v1/quarantine/${item.id}`);

    expect(detail.body).toMatchObject({
      body: { encoding: 'utf8', data: body },
      headers: expect.objectContaining({
        'x-switchboard-signature': expect.stringMatching(/^sha256=/),
      }),
    });
    expect((await t.api('GET', '/v1/quarantine', undefined, head)).status).toBe(200);
    expect(
      (await t.api('POST', `/v1/quarantine/${item.id}/reprocess`, undefined, head)).status,
    ).toBe(403);
    expect((await t.api('POST', `/v1/quarantine/${item.id}/discard`, undefined, head)).status).toBe(
      403,
    );
    expect((await t.api('GET', '/v1/quarantine', undefined, manager)).status).toBe(403);
    expect((await t.api('GET', '/v1/quarantine', undefined, null)).status).toBe(401);
  });

  it('refuses a forged or unsigned request it cannot read with 401, and holds nothing', async () => {
    t.clock.set('2026-11-24T10:00:00Z');
    const before = (await t.items('HELD#')).length;
    const body = transferred('q-5', '2026-11-24T10:00:00+00:00');

    const forged = await postGeneric(body, signGeneric(body, 'not-the-secret', t.clock.peek()));
    const unsigned = await postGeneric('not json at all', {});
    const stale = await postGeneric(
      body,
      signGeneric(body, GENERIC_SECRET, new Date('2026-11-24T09:00:00Z')),
    );

    expect([forged.status, unsigned.status, stale.status]).toEqual([401, 401, 401]);
    expect(forged.body).toMatchObject({ error: 'bad_signature' });
    expect(await t.items('HELD#')).toHaveLength(before);
  });

  it('holds a signed body that is not even UTF-8, the bytes exactly as received', async () => {
    t.clock.set('2026-11-25T10:00:00Z');
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]);
    const timestamp = String(Math.floor(t.clock.peek().getTime() / 1000));
    const { createHmac } = await import('node:crypto');
    const signature = createHmac('sha256', GENERIC_SECRET)
      .update(Buffer.concat([Buffer.from(`${timestamp}.`), bytes]))
      .digest('hex');

    const response = await t.request('/v1/telephony/generic', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Switchboard-Timestamp': timestamp,
        'X-Switchboard-Signature': `sha256=${signature}`,
      },
      body: bytes,
    });

    expect(response.status).toBe(200);
    const [item] = (await held('?from=2026-11-25&to=2026-11-25')).body.items;
    const detail = await t.api('GET', `/v1/quarantine/${item.id}`);
    expect(detail.body.body).toEqual({ encoding: 'base64', data: bytes.toString('base64') });
  });

  it('answers 503 when the quarantine cannot be written, so the sender retries, and holds nothing', async () => {
    t.clock.set('2026-11-26T10:00:00Z');
    const config = t.stack.config;
    // The same ingest function, its DynamoDB endpoint where nothing listens.
    const ingest = composeIngest(
      { ...config, endpoints: { ...config.endpoints, dynamodb: 'http://127.0.0.1:9' } },
      { now: t.clock.now, newId: () => 'unused' },
    );
    const body = transferred('q-6', '2026-11-26T10:00:00+00:00');
    const before = (await t.items('HELD#')).length;

    const response = await ingest.request('/v1/telephony/generic', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...signGeneric(body, GENERIC_SECRET, t.clock.peek()),
      },
      body,
    });

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'unavailable' });
    expect(await t.items('HELD#')).toHaveLength(before);
  });
});
