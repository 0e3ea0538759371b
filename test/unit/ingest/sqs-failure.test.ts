import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIngestApp } from '../../../functions/ingest/app';
import { NO_RATE_LIMITS } from '../../../functions/ingest/rate-limits';
import { createAwsJsonClient, SQS } from '../../../shared/aws/json-client';
import { createLiteIntakeQueue } from '../../../shared/aws/lite-clients';
import { loadConfig } from '../../../shared/config';
import { sha256Hex } from '../../../shared/crypto';
import type { Site } from '../../../shared/domain/types';
import { logger } from '../../../shared/logger';
import { MESSENGER_SECRETS, metaJson, signMeta, whatsappMessages } from '../../support/messengers';
import { quarantineInMemory, recordingMetrics } from '../../support/quarantine';
import { sitesOf } from '../../support/sites';
import {
  type StandInAnswer,
  type StandInRequest,
  type StandInServer,
  startStandInServer,
} from '../../support/stand-ins/http-server';

/**
 * SQS as a stand-in server speaking its JSON protocol: each test says what it answers. Ingest
 * sends through its light client (shared/aws), as composed in AWS, without waiting between
 * attempts.
 */
let sqs: StandInServer | undefined;
let sent: StandInRequest[] = [];
const sqsAnswering = async (answer: StandInAnswer | 'down') => {
  sqs = await startStandInServer((request) => {
    sent.push(request);
    return answer === 'down' ? { status: 200, body: {} } : answer;
  });
  if (answer === 'down') await sqs.stop();
};
afterEach(async () => {
  if (sqs) await sqs.stop().catch(() => undefined);
  sqs = undefined;
  sent = [];
});

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
  intake: createLiteIntakeQueue(
    createAwsJsonClient({
      service: SQS,
      region: 'us-east-1',
      endpoint: sqs?.url ?? 'http://127.0.0.1:9',
      credentials: async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }),
      sleep: async () => undefined,
    }),
    'https://sqs.us-east-1.amazonaws.com/1/q.fifo',
    { endpointConfigured: true },
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
      {
        status: 400,
        body: { __type: 'com.amazonaws.sqs#ThrottlingException', message: 'Rate exceeded' },
      },
      3,
    ],
    ['down', 'down', 0],
    ['failing', { status: 500, body: { __type: 'InternalError', message: 'oops' } }, 3],
    [
      'refusing the message',
      { status: 400, body: { __type: 'com.amazonaws.sqs#InvalidParameterValue', message: 'no' } },
      1,
    ],
  ] as const)(
    'answers 503 unavailable when SQS is %s, so the sender retries',
    async (_, answer, attempts) => {
      await sqsAnswering(answer);

      const response = await post();

      expect(response.status).toBe(503);
      expect(sent).toHaveLength(attempts);
      expect(await response.json()).toEqual({
        error: 'unavailable',
        message: 'The service is temporarily unavailable; retry later.',
      });
    },
  );

  it('sends one message grouped by person and deduplicated by event, then answers 200', async () => {
    await sqsAnswering({ status: 200, body: { MessageId: 'm-1' } });

    const response = await post();

    expect(response.status).toBe(200);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    const input = JSON.parse(sent[0]?.body ?? '{}');
    expect(input.QueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/1/q.fifo');
    expect(input?.MessageGroupId).toMatch(/^[0-9a-f]{40}$/);
    expect(input?.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
    expect(input?.MessageGroupId).not.toContain('7999');
  });
});

describe('ingest logs when SQS refuses a WhatsApp message', () => {
  it('names no WhatsApp message id (it carries the sender’s phone)', async () => {
    await sqsAnswering({ status: 500, body: { __type: 'InternalError', message: 'oops' } });
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
