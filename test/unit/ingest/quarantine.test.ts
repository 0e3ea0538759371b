import { describe, expect, it } from 'vitest';
import { createIngestApp } from '../../../functions/ingest/app';
import { NO_RATE_LIMITS } from '../../../functions/ingest/rate-limits';
import { WEBHOOK_SIGNERS } from '../../../local/signers';
import { loadConfig } from '../../../shared/config';
import { sha256Hex } from '../../../shared/crypto';
import type { IntakeMessage } from '../../../shared/domain/messages';
import type { Site } from '../../../shared/domain/types';
import type { QuarantineStore } from '../../../shared/ports';
import { MESSENGER_SECRETS, vkMessageNew } from '../../support/messengers';
import { quarantineInMemory, recordingMetrics } from '../../support/quarantine';
import { SITE_ORIGIN, SITE_TOKEN } from '../../support/seed';
import { sitesOf } from '../../support/sites';
import { TEST_TELEPHONY_SECRETS } from '../../support/telephony-signers/secrets';

const NOW = new Date('2026-11-27T07:00:00Z');
const BASE = 'https://sb.example';
const secrets = { ...TEST_TELEPHONY_SECRETS, ...MESSENGER_SECRETS };
const site: Site = {
  siteKey: 'shop',
  name: 'Shop',
  allowedOrigins: [SITE_ORIGIN],
  tokenHash: sha256Hex(SITE_TOKEN),
  honeypotField: '_hp',
  updatedAt: '2026-11-27T00:00:00Z',
};

const setup = (quarantine?: QuarantineStore) => {
  const memory = quarantineInMemory();
  const { metrics, counted } = recordingMetrics();
  const sent: IntakeMessage[] = [];
  const app = createIngestApp({
    intake: { send: async (message) => void sent.push(message) },
    sites: sitesOf(site),
    quarantine: quarantine ?? memory.store,
    metrics,
    now: () => NOW,
    defaultCountry: 'RU',
    timeZone: 'Europe/Moscow',
    publicBaseUrl: BASE,
    secret: loadConfig(secrets).secret,
    rateLimits: NO_RATE_LIMITS,
  });
  return { app, held: memory.held, counted, sent };
};

const twilio = (app: ReturnType<typeof setup>['app'], path: string, body: string) => {
  const signed = WEBHOOK_SIGNERS.twilio?.(
    { at: NOW.toISOString(), method: 'POST', path, body },
    `${BASE}${path}`,
    (name) => secrets[name as keyof typeof secrets] ?? '',
    NOW,
  );
  return app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...signed?.headers },
    body,
  });
};

describe('ingest, for what it cannot read', () => {
  it('holds a signed Twilio Dial action it cannot read and answers the empty TwiML Twilio expects', async () => {
    const { app, held, counted, sent } = setup();
    const body = 'CallSid=not-a-sid&DialCallStatus=completed&Direction=inbound';

    const response = await twilio(app, '/v1/telephony/twilio/dial', body);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml');
    expect(await response.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(sent).toEqual([]);
    const [item] = [...held.values()];
    expect(item).toMatchObject({
      status: 'held',
      reason: 'not_understood',
      issues: [expect.objectContaining({ path: 'CallSid' })],
      request: {
        route: 'telephony',
        name: 'twilio',
        subPath: '/dial',
        signedUrls: expect.arrayContaining([`${BASE}/v1/telephony/twilio/dial`]),
        headers: expect.objectContaining({ 'x-twilio-signature': expect.any(String) }),
      },
    });
    expect(Buffer.from(item?.request.bytes ?? []).toString()).toBe(body);
    expect(counted).toEqual([{ route: 'telephony/twilio', reason: 'not_understood' }]);
  });

  it('counts a held request once: a retry of the same bytes is the same entry', async () => {
    const { app, held, counted } = setup();
    const body = 'CallSid=not-a-sid&CallStatus=ringing&Direction=inbound';

    await twilio(app, '/v1/telephony/twilio', body);
    await twilio(app, '/v1/telephony/twilio', body);

    expect(held.size).toBe(1);
    expect(counted).toHaveLength(1);
  });

  it('answers VK with its `ok` for a message_new it holds', async () => {
    const { app, held } = setup();
    const body = vkMessageNew({ eventId: 'e1', extra: {} });
    (body.object as { message: Record<string, unknown> }).message.from_id = 'somebody';

    const response = await app.request('/v1/messengers/vk', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    expect([...held.values()]).toEqual([expect.objectContaining({ reason: 'not_understood' })]);
  });

  it('holds a filled honeypot as spam, counted apart', async () => {
    const { app, held, counted, sent } = setup();

    const response = await app.request('/v1/forms/shop', {
      method: 'POST',
      headers: { Origin: SITE_ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'name=Bot&phone=89150000001&_hp=x',
    });

    expect(await response.json()).toEqual({ accepted: true });
    expect(sent).toEqual([]);
    expect([...held.values()]).toEqual([expect.objectContaining({ reason: 'spam' })]);
    expect(counted).toEqual([{ route: 'forms', reason: 'spam' }]);
  });

  it('never keeps a form’s site token: neither the Authorization header nor ?token=', async () => {
    const { app, held } = setup();

    for (const [path, headers] of [
      [`/v1/forms/shop?token=${SITE_TOKEN}&utm=1`, {}],
      ['/v1/forms/shop', { Authorization: `Bearer ${SITE_TOKEN}` }],
    ] as const) {
      const response = await app.request(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: `{"phone": "8916${path.length}`,
      });
      expect(response.status).toBe(200);
    }

    expect(held.size).toBe(2);
    const stored = JSON.stringify(
      [...held.values()].map((h) => ({ ...h.request, bytes: undefined })),
    );
    expect(stored).not.toContain(SITE_TOKEN);
    expect([...held.values()].map((h) => h.authenticatedBy)).toEqual(['token', 'token']);
    expect([...held.values()][0]?.request.query).toBe('utm=1');
  });

  it('answers 503 when the quarantine cannot be written, so that the sender retries', async () => {
    const failing: QuarantineStore = {
      ...quarantineInMemory().store,
      hold: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      },
    };
    const { app } = setup(failing);

    const response = await twilio(app, '/v1/telephony/twilio', 'CallSid=bad');

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'unavailable' });
  });
});
