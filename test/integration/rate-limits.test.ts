import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { handle } from 'hono/aws-lambda';
import { describe, expect, it } from 'vitest';
import { composeIngest } from '../../functions/ingest/compose';
import { SITE_ORIGIN, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

const lambdaEvent = (sourceIp: string, path: string, body: string): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: 'ANY /v1/forms/{proxy+}',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.example', 'content-type': 'application/json', origin: SITE_ORIGIN },
    requestContext: {
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp, userAgent: 'test' },
      domainName: 'api.example',
    },
    body,
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

describe('rate limits on the public routes', () => {
  const t = useTestStack({
    env: {
      RATE_LIMIT_FORMS_PER_IP: '5',
      RATE_LIMIT_FORMS_PER_SITE: '8',
      RATE_LIMIT_WEBHOOKS_PER_IP: '3',
    },
  });

  const postOverHttp = (n: number) =>
    fetch(`${t.stack.url}/v1/forms/shop`, {
      method: 'POST',
      headers: { Origin: SITE_ORIGIN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Rate', phone: `+7999800${String(n).padStart(4, '0')}` }),
    });

  it('answers 429 rate_limited with Retry-After past the per-address limit, queues nothing for it, and lets the next minute through', async () => {
    await seedSite(t);
    t.clock.advance(60_000);
    const statuses: number[] = [];
    for (let n = 0; n < 5; n++) statuses.push((await postOverHttp(n)).status);
    const depth = await t.queueDepth('intake');

    const refused = await postOverHttp(5);

    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ error: 'rate_limited' });
    expect(await t.queueDepth('intake')).toBe(depth);
    t.clock.advance(60_000);
    expect((await postOverHttp(6)).status).toBe(200);
  });

  it('limits a site key across addresses', async () => {
    await seedSite(t);
    const handler = handle(composeIngest(t.stack.config, { now: t.clock.now, newId: () => 'x' }));
    t.clock.advance(60_000);

    const statuses: number[] = [];
    for (let n = 0; n < 10; n++) {
      const body = JSON.stringify({
        name: 'Spread',
        phone: `+7999801${String(n).padStart(4, '0')}`,
      });
      const result = await handler(
        lambdaEvent(`198.51.100.${n}`, '/v1/forms/shop', body) as never,
        {} as never,
      );
      statuses.push((result as { statusCode: number }).statusCode);
    }

    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429, 429]);
  });

  it('limits webhooks per address, generously, before any signature work', async () => {
    t.clock.advance(60_000);
    const statuses: number[] = [];
    for (let n = 0; n < 4; n++) {
      statuses.push(
        (await fetch(`${t.stack.url}/v1/telephony/generic`, { method: 'POST', body: '{}' })).status,
      );
    }
    expect(statuses.slice(0, 3).every((s) => s === 404)).toBe(true); // not configured here
    expect(statuses[3]).toBe(429);
  });
});
