import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIngestApp } from '../../functions/ingest/app';
import { NO_RATE_LIMITS } from '../../functions/ingest/rate-limits';
import { WEBHOOK_SIGNERS } from '../../local/signers';
import { loadConfig } from '../../shared/config';
import { sha256Hex } from '../../shared/crypto';
import type { IntakeMessage } from '../../shared/domain/messages';
import type { Site } from '../../shared/domain/types';
import { ERROR_STATUS } from '../../shared/http/problem';
import type { IntakeQueue } from '../../shared/ports';
import { hostileBody as body, hostileContentType as contentType } from '../support/hostile';
import { MESSENGER_SECRETS, signMeta } from '../support/messengers';
import { quarantineInMemory, recordingMetrics } from '../support/quarantine';
import { SITE_ORIGIN } from '../support/seed';
import { sitesOf } from '../support/sites';
import { TEST_TELEPHONY_SECRETS } from '../support/telephony-signers/secrets';

/**
 * Hostile input, generated: for every inbound route, ≥ 10,000 bodies — random bytes, wrong
 * types, huge strings, deep nesting, prototype keys, wrong content types, unicode edge cases —
 * unsigned and (where the route is signed) correctly signed, so the parsers see them too.
 * Whatever comes in: never a 5xx, never a crash, an error is always the documented body, a
 * refused request queues and holds nothing, and a held one queues nothing.
 */
const RUNS = 10_000;

const sent: IntakeMessage[] = [];
const intake: IntakeQueue = { send: async (message) => void sent.push(message) };
const quarantine = quarantineInMemory();
const site: Site = {
  siteKey: 'shop',
  name: 'Shop',
  allowedOrigins: [SITE_ORIGIN],
  tokenHash: sha256Hex('site-token-0123456789abcdef'),
  honeypotField: 'website',
  updatedAt: '2026-11-27T00:00:00Z',
};
const sites = sitesOf(site);
const secrets = { ...TEST_TELEPHONY_SECRETS, ...MESSENGER_SECRETS };
const now = new Date('2026-11-27T07:00:00Z');
const app = createIngestApp({
  intake,
  sites,
  quarantine: quarantine.store,
  metrics: recordingMetrics().metrics,
  now: () => now,
  defaultCountry: 'RU',
  timeZone: 'Europe/Moscow',
  publicBaseUrl: 'http://localhost',
  secret: loadConfig(secrets).secret,
  rateLimits: NO_RATE_LIMITS,
});

// ── the property ─────────────────────────────────────────────────────────────────────────

const CODES = new Set(Object.keys(ERROR_STATUS));

type Sign = (body: string, path: string) => Record<string, string>;

const expectHandled = async (
  path: string,
  request: { body: string; contentType: string; headers: Record<string, string> },
) => {
  sent.length = 0;
  const heldBefore = quarantine.held.size;
  const response = await app.request(path, {
    method: 'POST',
    headers: {
      ...(request.contentType ? { 'Content-Type': request.contentType } : {}),
      ...request.headers,
    },
    body: request.body,
  });
  const answer = await response.text();
  expect(response.status, answer.slice(0, 200)).toBeLessThan(500);
  if (response.status >= 400) {
    const problem = JSON.parse(answer) as { error: string; message: string; issues?: unknown[] };
    expect(CODES.has(problem.error)).toBe(true);
    expect(typeof problem.message).toBe('string');
    if (problem.issues !== undefined) expect(Array.isArray(problem.issues)).toBe(true);
    expect(sent).toEqual([]);
  }
  // Held (authenticated, unreadable) or queued, never both; and never held when refused.
  if (quarantine.held.size > heldBefore) {
    expect(response.status).toBe(200);
    expect(sent).toEqual([]);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
};

const routes: { name: string; path: string; sign?: Sign; headers?: Record<string, string> }[] = [
  {
    name: 'forms from an allowed origin',
    path: '/v1/forms/shop',
    headers: { Origin: SITE_ORIGIN },
  },
  { name: 'forms from nowhere', path: '/v1/forms/shop' },
  { name: 'forms to an unknown site', path: '/v1/forms/%E2%80%AE__proto__' },
  ...['twilio', 'zadarma', 'generic'].flatMap((provider) => [
    { name: `${provider}, unsigned`, path: `/v1/telephony/${provider}` },
    {
      name: `${provider}, signed`,
      path: `/v1/telephony/${provider}`,
      sign: ((b: string, path: string) => {
        try {
          return (
            WEBHOOK_SIGNERS[provider]?.(
              { at: now.toISOString(), method: 'POST', path, body: b },
              `http://localhost${path}`,
              (n) => secrets[n as keyof typeof secrets] ?? '',
              now,
            ).headers ?? {}
          );
        } catch {
          return {}; // a body the provider could not have signed (Zadarma without an event)
        }
      }) as Sign,
    },
  ]),
  { name: 'mango, unsigned', path: '/v1/telephony/mango/events/summary' },
  { name: 'telegram, unsigned', path: '/v1/messengers/telegram' },
  {
    name: 'telegram, with its secret',
    path: '/v1/messengers/telegram',
    headers: { 'X-Telegram-Bot-Api-Secret-Token': MESSENGER_SECRETS.TELEGRAM_SECRET_TOKEN },
  },
  { name: 'whatsapp, unsigned', path: '/v1/messengers/whatsapp' },
  {
    name: 'whatsapp, signed',
    path: '/v1/messengers/whatsapp',
    sign: (b) => ({ 'X-Hub-Signature-256': signMeta(b) }),
  },
  { name: 'vk', path: '/v1/messengers/vk' },
];

describe('every inbound route under hostile input', () => {
  it.each(routes)(
    '$name: never a 5xx, always the documented error, nothing queued when refused',
    async (route) => {
      await fc.assert(
        fc.asyncProperty(body, contentType, async (b, type) => {
          await expectHandled(route.path, {
            body: b,
            contentType: type,
            headers: { ...route.headers, ...(route.sign ? route.sign(b, route.path) : {}) },
          });
        }),
        { numRuns: RUNS, seed: 20261127 },
      );
    },
  );
});
