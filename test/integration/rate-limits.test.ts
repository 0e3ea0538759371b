import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createIngestApp } from '../../functions/ingest/app';
import { composeIngest, composeIngestDeps } from '../../functions/ingest/compose';
import { SITE_CACHE_SECONDS } from '../../functions/ingest/site-cache';
import { lambdaHandler } from '../../shared/http/lambda-handler';
import { SITE_ORIGIN, SITE_TOKEN, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

const lambdaEvent = (
  sourceIp: string,
  path: string,
  body: string,
  {
    origin = SITE_ORIGIN, // '' for none
    method = 'POST',
    headers = {} as Record<string, string>,
  } = {},
): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: `${method} /v1/forms/{proxy+}`,
    rawPath: path,
    rawQueryString: '',
    headers: {
      host: 'api.example',
      'content-type': 'application/json',
      ...(origin ? { origin } : {}),
      ...headers,
    },
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp, userAgent: 'test' },
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

  /** Ingest as Lambda runs it, counting its reads of the sites table. */
  const countingSiteReads = () => {
    let reads = 0;
    const deps = composeIngestDeps(t.stack.config, { now: t.clock.now, newId: () => 'x' });
    const handler = lambdaHandler(
      createIngestApp({
        ...deps,
        sites: {
          ...deps.sites,
          get: (key) => {
            reads++;
            return deps.sites.get(key);
          },
        },
      }),
    );
    return { handler, reads: () => reads };
  };
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
    const handler = lambdaHandler(
      composeIngest(t.stack.config, { now: t.clock.now, newId: () => 'x' }),
    );
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

  it('counts only authenticated posts against a site’s limit: forged posts from many addresses do not lock its forms out', async () => {
    await seedSite(t, 'busy');
    const handler = lambdaHandler(
      composeIngest(t.stack.config, { now: t.clock.now, newId: () => 'x' }),
    );
    t.clock.advance(60_000);
    const send = async (ip: string, origin: string, n: number) => {
      const body = JSON.stringify({
        name: 'Flood',
        phone: `+7999802${String(n).padStart(4, '0')}`,
      });
      const result = await handler(
        lambdaEvent(ip, '/v1/forms/busy', body, { origin }) as never,
        {} as never,
      );
      return (result as { statusCode: number }).statusCode;
    };

    const forged: number[] = [];
    for (let n = 0; n < 20; n++)
      forged.push(await send(`203.0.113.${n}`, 'https://evil.example', n));
    const genuine: number[] = [];
    for (let n = 0; n < 8; n++)
      genuine.push(await send(`198.51.100.${n + 20}`, SITE_ORIGIN, n + 20));

    expect(new Set(forged)).toEqual(new Set([403]));
    expect(genuine).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
  });

  it('counts posts carrying the site’s token against the site only, however many come from one address', async () => {
    await seedSite(t, 'builder');
    const handler = lambdaHandler(
      composeIngest(t.stack.config, { now: t.clock.now, newId: () => 'x' }),
    );
    t.clock.advance(60_000);
    const send = async (n: number, token: string) => {
      const body = JSON.stringify({
        name: 'Relay',
        phone: `+7999803${String(n).padStart(4, '0')}`,
      });
      const event = lambdaEvent('192.0.2.77', '/v1/forms/builder', body, {
        origin: '',
        headers: { authorization: `Bearer ${token}` },
      });
      return ((await handler(event as never, {} as never)) as { statusCode: number }).statusCode;
    };

    const relayed: number[] = [];
    for (let n = 0; n < 10; n++) relayed.push(await send(n, SITE_TOKEN));

    // 5 per address, 8 per site: the one relaying address reaches the site's limit, not its own.
    expect(relayed).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429, 429]);
  });

  it('counts a post with a wrong token per address, so a forged token is no way around the address limit', async () => {
    await seedSite(t, 'guarded');
    const handler = lambdaHandler(
      composeIngest(t.stack.config, { now: t.clock.now, newId: () => 'x' }),
    );
    t.clock.advance(60_000);
    const send = async (ip: string, token: string, origin = '') => {
      const event = lambdaEvent(ip, '/v1/forms/guarded', '{"name":"F","phone":"+79998040000"}', {
        origin,
        headers: { authorization: `Bearer ${token}` },
      });
      return ((await handler(event as never, {} as never)) as { statusCode: number }).statusCode;
    };

    const forged: number[] = [];
    for (let n = 0; n < 6; n++) forged.push(await send('192.0.2.88', 'not-the-site-token-000'));
    const browser: number[] = [];
    for (let n = 0; n < 6; n++) browser.push(await send('192.0.2.89', 'wrong-token', SITE_ORIGIN));

    expect(forged).toEqual([403, 403, 403, 403, 403, 429]);
    expect(browser).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('refuses an address’s made-up tokens to a site key once it is past its limit, reading no table for them, and not its posts to other sites', async () => {
    await seedSite(t, 'neighbour');
    const { handler, reads } = countingSiteReads();
    t.clock.advance(60_000);
    const send = async (siteKey: string, token: string) => {
      const event = lambdaEvent(
        '192.0.2.99',
        `/v1/forms/${siteKey}`,
        '{"name":"Relay","phone":"+79998050000"}',
        { origin: '', headers: { authorization: `Bearer ${token}` } },
      );
      return ((await handler(event as never, {} as never)) as { statusCode: number }).statusCode;
    };

    const statuses: number[] = [];
    for (let n = 0; n < 5; n++) statuses.push(await send('nosuch', 'made-up-token-0000'));
    const readsAtLimit = reads();
    for (let n = 0; n < 3; n++) statuses.push(await send('nosuch', 'made-up-token-0000'));
    const neighbour = await send('neighbour', SITE_TOKEN);

    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429, 429]);
    expect(reads()).toBe(readsAtLimit + 1); // the three past the limit: from the cache
    // A builder's shared address: one site's broken token does not shut out another site's posts.
    expect(neighbour).toBe(200);
  });

  it('lets the site’s own token through from an address past its refused tokens to that site', async () => {
    await seedSite(t, 'shared');
    const handler = lambdaHandler(
      composeIngest(t.stack.config, { now: t.clock.now, newId: () => 'x' }),
    );
    t.clock.advance(60_000);
    const send = async (token: string) => {
      const event = lambdaEvent(
        '192.0.2.111',
        '/v1/forms/shared',
        '{"name":"Builder","phone":"+79998060000"}',
        { origin: '', headers: { authorization: `Bearer ${token}` } },
      );
      return ((await handler(event as never, {} as never)) as { statusCode: number }).statusCode;
    };

    // Someone else's project on the builder's shared address posts with a wrong token.
    const strangers: number[] = [];
    for (let n = 0; n < 6; n++) strangers.push(await send('someone-elses-token-00'));
    const own = await send(SITE_TOKEN);

    expect(strangers).toEqual([403, 403, 403, 403, 403, 429]);
    expect(own).toBe(200);
  });

  it('answers CORS preflights from a cache, not with a table read each, and counts them per address', async () => {
    await seedSite(t, 'cached');
    const { handler, reads } = countingSiteReads();
    t.clock.advance(60_000);
    const preflight = async (ip: string) =>
      (
        (await handler(
          lambdaEvent(ip, '/v1/forms/cached', '', { method: 'OPTIONS' }) as never,
          {} as never,
        )) as { statusCode: number }
      ).statusCode;

    const fromMany: number[] = [];
    for (let n = 0; n < 40; n++) fromMany.push(await preflight(`192.0.2.${n}`));
    const fromOne: number[] = [];
    for (let n = 0; n < 6; n++) fromOne.push(await preflight('192.0.2.200'));

    expect(new Set(fromMany)).toEqual(new Set([204]));
    expect(reads()).toBe(1);
    expect(fromOne).toEqual([204, 204, 204, 204, 204, 429]);
    t.clock.advance(SITE_CACHE_SECONDS * 1000 + 1);
    await preflight('192.0.2.201');
    expect(reads()).toBe(2);
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
