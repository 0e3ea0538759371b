import { describe, expect, it } from 'vitest';
import { createIngestApp } from '../../../functions/ingest/app';
import { NO_RATE_LIMITS } from '../../../functions/ingest/rate-limits';
import { loadConfig } from '../../../shared/config';
import type { IntakeMessage } from '../../../shared/domain/messages';
import type { IntakeQueue } from '../../../shared/ports';
import {
  MESSENGER_SECRETS,
  metaJson,
  signMeta,
  telegramUpdate,
  whatsappMessages,
} from '../../support/messengers';
import { quarantineInMemory, recordingMetrics } from '../../support/quarantine';
import { sitesOf } from '../../support/sites';

const sites = sitesOf();

const app = (env: Record<string, string>, intake: IntakeQueue) =>
  createIngestApp({
    intake,
    sites,
    quarantine: quarantineInMemory().store,
    metrics: recordingMetrics().metrics,
    now: () => new Date('2026-11-27T07:00:00Z'),
    defaultCountry: 'RU',
    timeZone: 'Europe/Moscow',
    secret: loadConfig(env).secret,
    rateLimits: NO_RATE_LIMITS,
  });

const recording = () => {
  const sent: IntakeMessage[] = [];
  const queue: IntakeQueue = {
    send: async (message) => {
      sent.push(message);
    },
  };
  return { sent, queue };
};

const telegramPost = () => ({
  method: 'POST',
  headers: {
    'Content-Type': 'application/json',
    'X-Telegram-Bot-Api-Secret-Token': MESSENGER_SECRETS.TELEGRAM_SECRET_TOKEN,
  },
  body: JSON.stringify(telegramUpdate({ updateId: 1, text: 'hi' })),
});

describe('messenger routes while a channel is not configured', () => {
  it.each([
    ['POST', '/v1/messengers/telegram'],
    ['POST', '/v1/messengers/whatsapp'],
    ['GET', '/v1/messengers/whatsapp?hub.mode=subscribe&hub.challenge=1&hub.verify_token=x'],
    ['POST', '/v1/messengers/vk'],
  ])('answers %s %s with 404 unknown_channel when its secrets are unset', async (method, path) => {
    const { sent, queue } = recording();

    const response = await app({}, queue).request(path, {
      method,
      ...(method === 'POST' ? { headers: { 'Content-Type': 'application/json' }, body: '{}' } : {}),
    });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'unknown_channel' });
    expect(sent).toEqual([]);
  });

  it('answers 404 for WhatsApp when only one of its two secrets is set', async () => {
    const raw = metaJson(whatsappMessages({ id: 'wamid.1', text: 'x' }));
    const { queue } = recording();

    const response = await app(
      { WHATSAPP_APP_SECRET: MESSENGER_SECRETS.WHATSAPP_APP_SECRET },
      queue,
    ).request('/v1/messengers/whatsapp', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signMeta(raw) },
      body: raw,
    });

    expect(response.status).toBe(404);
  });

  it('serves a configured channel beside the unconfigured ones', async () => {
    const { sent, queue } = recording();

    const response = await app(
      { TELEGRAM_SECRET_TOKEN: MESSENGER_SECRETS.TELEGRAM_SECRET_TOKEN },
      queue,
    ).request('/v1/messengers/telegram', telegramPost());

    expect(response.status).toBe(200);
    expect(sent).toHaveLength(1);
  });
});

describe('messenger routes when SQS is unavailable', () => {
  it('answers 503 unavailable, so the platform retries, when the event cannot be queued', async () => {
    const failing: IntakeQueue = {
      send: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      },
    };

    const response = await app(MESSENGER_SECRETS, failing).request(
      '/v1/messengers/telegram',
      telegramPost(),
    );

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'unavailable' });
  });

  it('answers 503 when the second of two messages cannot be queued, after the first was', async () => {
    const sent: IntakeMessage[] = [];
    const flaky: IntakeQueue = {
      send: async (message) => {
        if (sent.length > 0) throw new Error('throttled');
        sent.push(message);
      },
    };
    const raw = metaJson(
      whatsappMessages(
        { id: 'wamid.1', text: 'one' },
        { id: 'wamid.2', from: '79160000099', text: 'two' },
      ),
    );

    const response = await app(MESSENGER_SECRETS, flaky).request('/v1/messengers/whatsapp', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signMeta(raw) },
      body: raw,
    });

    expect(response.status).toBe(503);
    expect(sent).toHaveLength(1); // Meta's retry brings both again; the first is deduplicated
  });
});
