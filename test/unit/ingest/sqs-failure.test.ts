import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIngestApp } from '../../../functions/ingest/app';
import { NO_RATE_LIMITS } from '../../../functions/ingest/rate-limits';
import { loadConfig } from '../../../shared/config';
import { sha256Hex } from '../../../shared/crypto';
import type { Site } from '../../../shared/domain/types';
import { logger } from '../../../shared/logger';
import { createSqsIntakeQueue } from '../../../shared/queue/sqs-intake-queue';
import { MESSENGER_SECRETS, metaJson, signMeta, whatsappMessages } from '../../support/messengers';
import { quarantineInMemory, recordingMetrics } from '../../support/quarantine';
import { sitesOf } from '../../support/sites';

const sqsMock = mockClient(SQSClient);
afterEach(() => sqsMock.reset());

const site: Site = {
  siteKey: 'shop',
  name: 'Shop',
  allowedOrigins: [],
  tokenHash: sha256Hex('site-token-0123456789'),
  honeypotField: 'website',
  updatedAt: '2026-11-27T00:00:00Z',
};
const sites = sitesOf(site);

const appDeps = () => ({
  intake: createSqsIntakeQueue(
    new SQSClient({ region: 'us-east-1', maxAttempts: 1 }),
    'https://sqs/q.fifo',
  ),
  sites,
  quarantine: quarantineInMemory().store,
  metrics: recordingMetrics().metrics,
  now: () => new Date('2026-11-27T07:00:00Z'),
  defaultCountry: 'RU',
  timeZone: 'Europe/Moscow',
  publicBaseUrl: 'https://sb.example',
  secret: loadConfig({}).secret,
  rateLimits: NO_RATE_LIMITS,
});
const app = () => createIngestApp(appDeps());

const post = () =>
  app().request('/v1/forms/shop', {
    method: 'POST',
    headers: { Authorization: 'Bearer site-token-0123456789', 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Ivan', phone: '+79991234567' }),
  });

describe('ingest when SQS refuses the message', () => {
  it.each([
    [
      'throttled',
      Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' }),
    ],
    ['down', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['failing', new Error('something else')],
  ])('answers 503 unavailable when SQS is %s, so the sender retries', async (_, error) => {
    sqsMock.on(SendMessageCommand).rejects(error);

    const response = await post();

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: 'unavailable',
      message: 'The service is temporarily unavailable; retry later.',
    });
  });

  it('sends one message grouped by person and deduplicated by event, then answers 200', async () => {
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    const response = await post();

    expect(response.status).toBe(200);
    const input = sqsMock.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input?.MessageGroupId).toMatch(/^[0-9a-f]{40}$/);
    expect(input?.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
    expect(input?.MessageGroupId).not.toContain('7999');
  });
});

describe('ingest logs when SQS refuses a WhatsApp message', () => {
  it('names no WhatsApp message id (it carries the sender’s phone)', async () => {
    sqsMock.on(SendMessageCommand).rejects(new Error('something else'));
    const lines: string[] = [];
    const level = logger.getLevelName();
    logger.setLogLevel('DEBUG');
    const spies = [process.stdout, process.stderr].map((stream) =>
      vi.spyOn(stream, 'write').mockImplementation((chunk) => {
        lines.push(String(chunk));
        return true;
      }),
    );
    const body = metaJson(whatsappMessages({ id: 'wamid.HBgLNzkxNjEyMzQ1NjcVAgA', text: 'hi' }));
    const whatsapp = createIngestApp({
      ...appDeps(),
      secret: (name) => (MESSENGER_SECRETS as Record<string, string>)[name],
    });

    const response = await whatsapp.request('/v1/messengers/whatsapp', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signMeta(body) },
      body,
    });
    for (const spy of spies) spy.mockRestore();
    logger.setLogLevel(level);

    expect(response.status).toBe(503);
    expect(lines.join('')).toContain('intake queue unavailable');
    expect(lines.join('')).not.toContain('HBgLNzkxNjEyMzQ1NjcVAgA');
  });
});
