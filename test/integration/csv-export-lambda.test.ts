import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handle } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApi } from '../../functions/api/compose';
import { postForm, seedManager, seedSite } from '../support/seed';
import { startS3StandIn } from '../support/stand-ins/s3';
import { TEST_ADMIN_KEY, useTestStack } from '../support/test-stack';

/** A request as API Gateway (HTTP API, payload 2.0) hands it to the api function. */
const apiGatewayEvent = (path: string, query: string, key = TEST_ADMIN_KEY) =>
  ({
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers: { host: 'api.example', authorization: `Bearer ${key}`, accept: 'text/csv' },
    requestContext: {
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 't' },
      domainName: 'api.example',
    },
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

describe('CSV export through the Lambda path (API Gateway → hono handle → S3)', () => {
  const t = useTestStack();
  let s3: Awaited<ReturnType<typeof startS3StandIn>>;
  beforeAll(async () => {
    s3 = await startS3StandIn();
  });
  afterAll(() => s3.stop());

  const lambda = () =>
    handle(
      composeApi(
        {
          ...t.stack.config,
          exportBucket: 'sb-exports',
          endpoints: { ...t.stack.config.endpoints, s3: s3.url },
        },
        { now: t.clock.now, newId: () => `export-${Math.floor(t.clock.now().getTime())}` },
      ),
    );
  const invoke = async (path: string, query: string, key?: string) =>
    (await lambda()(
      apiGatewayEvent(path, query, key) as never,
      {} as never,
    )) as APIGatewayProxyStructuredResultV2;

  it('answers 303 with a short-lived presigned link to the whole export written to S3, the same CSV the local server streams', async () => {
    await seedSite(t);
    await seedManager(t, 'anna');
    for (let n = 0; n < 30; n++) {
      await postForm(t, 'shop', {
        name: `Export ${n}`,
        phone: `+7999610${String(n).padStart(4, '0')}`,
      });
    }
    await t.drain();

    const result = await invoke('/v1/leads', 'format=csv&limit=7');

    expect(result.statusCode).toBe(303);
    expect(result.body ?? '').toBe('');
    const location = String(result.headers?.location);
    expect(location.startsWith(`${s3.url}/sb-exports/`)).toBe(true);
    expect(new URL(location).searchParams.get('X-Amz-Expires')).toBe('600');
    const download = await fetch(location);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="leads.csv"');
    const local = await t.request('/v1/leads?format=csv&limit=7', {
      headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}` },
    });
    const csv = await download.text();
    expect(csv).toBe(await local.text());
    expect(csv.trim().split('\n').length).toBeGreaterThanOrEqual(31);
  });

  it('still refuses a manager key (403) and a bad query (400) before writing anything', async () => {
    const before = s3.objects.size;

    const bad = await invoke('/v1/calls', 'format=csv&from=yesterday');
    const noKey = await invoke('/v1/calls', 'format=csv', 'not-a-key');

    expect(bad.statusCode).toBe(400);
    expect(noKey.statusCode).toBe(401);
    expect(s3.objects.size).toBe(before);
  });
});
