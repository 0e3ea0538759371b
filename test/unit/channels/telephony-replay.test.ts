import { describe, expect, it } from 'vitest';
import { createIngestApp } from '../../../functions/ingest/app';
import { NO_RATE_LIMITS } from '../../../functions/ingest/rate-limits';
import { signMango } from '../../../local/signers/mango';
import { signZadarma } from '../../../local/signers/zadarma';
import { ZADARMA_SECRET } from '../../../shared/channels/telephony/zadarma';
import type { IntakeMessage } from '../../../shared/domain/messages';
import { quarantineInMemory, recordingMetrics } from '../../support/quarantine';
import { sitesOf } from '../../support/sites';
import { TEST_TELEPHONY_SECRETS } from '../../support/telephony-signers/secrets';

const SECRET = TEST_TELEPHONY_SECRETS[ZADARMA_SECRET] ?? '';
const TOKEN = 'zd-path-token-7f3a9c1e5b2d4a6c';
/** 13:05 in Moscow. */
const NOW = new Date('2026-11-27T10:05:00Z');

const end = (callStart: string) =>
  new URLSearchParams({
    event: 'NOTIFY_END',
    call_start: callStart,
    pbx_call_id: `in_${callStart.replace(/\D/g, '')}`,
    caller_id: '+79161110001',
    called_did: '74951234567',
    internal: '101',
    duration: '180',
    disposition: 'answered',
  }).toString();

const setUp = (extra: Record<string, string> = {}, maxEventAgeSeconds?: number) => {
  const sent: IntakeMessage[] = [];
  const quarantine = quarantineInMemory();
  const values: Record<string, string | undefined> = { ...TEST_TELEPHONY_SECRETS, ...extra };
  const app = createIngestApp({
    intake: { send: async (message) => void sent.push(message) },
    sites: sitesOf(),
    quarantine: quarantine.store,
    metrics: recordingMetrics().metrics,
    now: () => NOW,
    defaultCountry: 'RU',
    timeZone: 'Europe/Moscow',
    secret: (name) => values[name],
    rateLimits: NO_RATE_LIMITS,
    ...(maxEventAgeSeconds === undefined
      ? {}
      : { telephonyMaxEventAgeSeconds: maxEventAgeSeconds }),
  });
  const post = (body: string, path = '/v1/telephony/zadarma') =>
    app.request(path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        ...signZadarma(body, SECRET),
      },
      body,
    });
  return { app, post, sent, held: quarantine.held };
};

describe('Zadarma replay protection', () => {
  it('refuses a correctly signed notification whose call_start is a year old, and queues nothing', async () => {
    const { post, sent, held } = setUp();

    const responses = await Promise.all(
      ['busy', 'answered', 'no answer'].map(() => post(end('2025-11-27 13:00:07'))),
    );

    expect(responses.map((r) => r.status)).toEqual([403, 403, 403]);
    expect(await responses[0]?.json()).toMatchObject({ error: 'forbidden' });
    expect(sent).toEqual([]);
    expect(held.size).toBe(0);
  });

  it('accepts a notification of a call that started 11 hours ago (a long call) with the default 12-hour window', async () => {
    const { post, sent } = setUp();

    const response = await post(end('2026-11-27 02:05:07'));

    expect(response.status).toBe(200);
    expect(sent).toHaveLength(1);
  });

  it('refuses a call that started 13 hours ago by default, and takes a longer window from configuration', async () => {
    const body = end('2026-11-27 00:05:00');

    expect((await setUp().post(body)).status).toBe(403);
    expect((await setUp({}, 86_400).post(body)).status).toBe(200);
  });
});

describe('the Zadarma webhook path token (ZADARMA_WEBHOOK_TOKEN)', () => {
  const withToken = { ZADARMA_WEBHOOK_TOKEN: TOKEN };

  it('accepts a signed notification on /v1/telephony/zadarma/<token>', async () => {
    const { post, sent } = setUp(withToken);

    const response = await post(end('2026-11-27 13:00:07'), `/v1/telephony/zadarma/${TOKEN}`);

    expect(response.status).toBe(200);
    expect(sent).toHaveLength(1);
  });

  it.each([
    ['no token', '/v1/telephony/zadarma'],
    ['a wrong token', '/v1/telephony/zadarma/not-the-token'],
    ['the token and more', `/v1/telephony/zadarma/${TOKEN}/x`],
  ])('answers 404 to a signed notification with %s, and stores nothing', async (_, path) => {
    const { post, sent, held } = setUp(withToken);

    const response = await post(end('2026-11-27 13:00:07'), path);

    expect(response.status).toBe(404);
    expect(sent).toEqual([]);
    expect(held.size).toBe(0);
  });

  it('answers the zd_echo check on the right path only', async () => {
    const { app } = setUp(withToken);

    const right = await app.request(`/v1/telephony/zadarma/${TOKEN}?zd_echo=k3y_42`);
    const wrong = await app.request('/v1/telephony/zadarma?zd_echo=k3y_42');

    expect(right.status).toBe(200);
    expect(await right.text()).toBe('k3y_42');
    expect(wrong.status).toBe(404);
  });
});

describe('Mango replay protection', () => {
  const KEY = TEST_TELEPHONY_SECRETS.MANGO_API_KEY ?? '';
  const SALT = TEST_TELEPHONY_SECRETS.MANGO_API_SALT ?? '';
  const callEvent = (timestamp: number) =>
    signMango(
      new URLSearchParams({
        vpbx_api_key: KEY,
        json: JSON.stringify({
          entry_id: `entry-${timestamp}`,
          call_id: `call-${timestamp}`,
          timestamp,
          seq: 1,
          call_state: 'Appeared',
          location: 'ivr',
          from: { number: '79161110001' },
          to: { number: '74951234567' },
        }),
      }).toString(),
      KEY,
      SALT,
    );
  const post = (body: string) =>
    setUp().app.request('/v1/telephony/mango/events/call', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });

  it('refuses a signed event whose own timestamp is a year old (403), and queues nothing', async () => {
    const yearAgo = Math.floor(NOW.getTime() / 1000) - 365 * 86_400;

    const response = await post(callEvent(yearAgo));

    expect(response.status).toBe(403);
  });

  it('accepts a signed event of a minute ago', async () => {
    const response = await post(callEvent(Math.floor(NOW.getTime() / 1000) - 60));

    expect(response.status).toBe(200);
  });
});
