import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { describe, expect, it } from 'vitest';
import { limitBody } from '../../../shared/http/body-limit';
import { answer, lambdaHandler } from '../../../shared/http/lambda-handler';
import { httpApiEvent } from '../../support/http-api-event';

const event = (
  overrides: Partial<APIGatewayProxyEventV2> & { method?: string } = {},
): APIGatewayProxyEventV2 => {
  const { method = 'POST', ...rest } = overrides;
  return {
    ...httpApiEvent({
      method,
      path: '/echo',
      query: 'a=1&b=two',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '1.2.3.4' },
      body: '{"name":"Анна"}',
      userAgent: 't',
    }),
    ...rest,
  };
};

/** An app that shows back what it was given, in the ways the ingest routes read requests. */
const echoApp = () =>
  new Hono()
    .post(
      '/limited',
      limitBody({ maxSize: 8, onError: (c) => c.json({ error: 'payload_too_large' }, 413) }),
      async (c) => c.text(await c.req.text()),
    )
    .post('/form', async (c) => c.json(Object.fromEntries((await c.req.formData()).entries())))
    .get('/binary', (c) =>
      c.body(new Uint8Array([0, 1, 2, 255]), 200, { 'Content-Type': 'application/octet-stream' }),
    )
    .get('/cookie', (c) => {
      c.header('Set-Cookie', 'a=1', { append: true });
      c.header('Set-Cookie', 'b=2', { append: true });
      return c.body(null, 204);
    })
    .post('/answer/json', (c) =>
      answer(c, '{"accepted":true}', 200, {
        'Content-Type': 'application/json',
        'Access-Control-Allow-Origin': ' https://shop.example ',
        Vary: 'Origin',
      }),
    )
    .post('/answer/xml', (c) =>
      answer(c, '<?xml version="1.0"?><Response/>', 200, { 'Content-Type': 'text/xml' }),
    )
    .post('/answer/empty', (c) => answer(c, null, 204, { Vary: 'Origin' }))
    .post('/answer/binary', (c) =>
      answer(c, 'Анна', 200, { 'Content-Type': 'application/octet-stream' }),
    )
    .post('/answer/cookie', (c) =>
      answer(c, 'ok', 200, { 'Content-Type': 'text/plain', 'Set-Cookie': 'a=1' }),
    )
    .all('/echo', async (c) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const env = c.env as { requestContext?: { http?: { sourceIp?: string } } };
      return c.json(
        {
          url: c.req.url,
          method: c.req.method,
          path: c.req.path,
          query: c.req.query(),
          headers: c.req.header(),
          body: new TextDecoder().decode(bytes),
          sourceIp: env.requestContext?.http?.sourceIp,
        },
        201,
        { 'X-Seen': 'yes' },
      );
    });

const both = async (given: APIGatewayProxyEventV2) => {
  const app = echoApp();
  const ours = await lambdaHandler(app)(given, {} as never);
  const hono = await handle(app)(given as never, {} as never);
  return { ours, hono };
};

describe('the Lambda handler of the inbound routes', () => {
  it('gives the app the URL, method, headers, query, body and event that hono’s adapter gives', async () => {
    const { ours, hono } = await both(event());

    expect(ours.statusCode).toBe(201);
    expect(JSON.parse(ours.body ?? '')).toEqual(JSON.parse((hono as { body: string }).body));
    expect(JSON.parse(ours.body ?? '')).toMatchObject({
      url: 'https://api.example/echo?a=1&b=two',
      body: '{"name":"Анна"}',
      sourceIp: '203.0.113.9',
      headers: { 'content-length': String(Buffer.byteLength('{"name":"Анна"}')) },
    });
    expect(ours.headers).toEqual((hono as { headers: unknown }).headers);
    expect(ours.isBase64Encoded).toBe(false);
  });

  it('decodes a base64 body as API Gateway hands it over', async () => {
    const { ours, hono } = await both(
      event({ body: Buffer.from('a\u0000b').toString('base64'), isBase64Encoded: true }),
    );

    expect(JSON.parse(ours.body ?? '').body).toBe('a\u0000b');
    expect(ours.body).toBe((hono as { body: string }).body);
  });

  it('hands a request without a body over without one', async () => {
    const { ours, hono } = await both(event({ method: 'GET', body: undefined }));

    expect(JSON.parse(ours.body ?? '')).toMatchObject({ method: 'GET', body: '' });
    expect(ours.body).toBe((hono as { body: string }).body);
  });

  it('reads a urlencoded form through the real Request', async () => {
    const { ours } = await both(
      event({
        rawPath: '/form',
        headers: { host: 'api.example', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=Ann&phone=%2B7999',
      }),
    );

    expect(JSON.parse(ours.body ?? '')).toEqual({ name: 'Ann', phone: '+7999' });
  });

  it('refuses a body over the limit by its declared length, and takes one within it', async () => {
    const over = await both(event({ rawPath: '/limited', body: '123456789' }));
    const within = await both(event({ rawPath: '/limited', body: '12345678' }));

    expect(over.ours).toMatchObject({ statusCode: 413, body: '{"error":"payload_too_large"}' });
    expect(over.hono).toMatchObject({ statusCode: 413 });
    expect(within.ours).toMatchObject({ statusCode: 200, body: '12345678' });
  });

  it('answers binary bodies base64-encoded and cookies apart, as hono’s adapter does', async () => {
    const binary = await both(event({ method: 'GET', rawPath: '/binary', body: undefined }));
    const cookie = await both(event({ method: 'GET', rawPath: '/cookie', body: undefined }));

    expect(binary.ours).toMatchObject({ statusCode: 200, isBase64Encoded: true, body: 'AAEC/w==' });
    expect(binary.ours.body).toBe((binary.hono as { body: string }).body);
    expect(cookie.ours).toMatchObject({ statusCode: 204, cookies: ['a=1', 'b=2'] });
    expect(cookie.ours.cookies).toEqual((cookie.hono as { cookies: string[] }).cookies);
  });

  it('gives the answers made with answer() as hono’s adapter gives them, without a Response', async () => {
    for (const path of ['json', 'xml', 'empty', 'binary', 'cookie']) {
      const { ours, hono } = await both(event({ rawPath: `/answer/${path}` }));

      expect(ours).toEqual(hono);
    }
    const json = await both(event({ rawPath: '/answer/json' }));
    expect(json.ours).toEqual({
      statusCode: 200,
      headers: {
        'access-control-allow-origin': 'https://shop.example',
        'content-type': 'application/json',
        vary: 'Origin',
      },
      body: '{"accepted":true}',
      isBase64Encoded: false,
    });
    expect(Object.keys(json.ours.headers ?? {})).toEqual(
      Object.keys((json.hono as { headers: object }).headers),
    );
  });

  it('answers with a Response from answer() outside the Lambda handler', async () => {
    const response = await echoApp().request('/answer/json', { method: 'POST' });

    expect(response).toBeInstanceOf(Response);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(await response.text()).toBe('{"accepted":true}');
  });
});
