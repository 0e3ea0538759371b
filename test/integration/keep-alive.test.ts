import { Agent, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { MESSENGER_SECRETS } from '../support/messengers';
import { SITE_ORIGIN, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

type Answer = { status: number; body: string; connection: string | undefined };

/** One request over a keep-alive agent that has a single socket: a second one reuses it. */
const send = (
  agent: Agent,
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const req = request(url, { method: init.method, headers: init.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          connection: res.headers.connection,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });

describe('the local server with keep-alive clients', () => {
  const t = useTestStack({ env: MESSENGER_SECRETS });

  it.each([
    [
      '413 for a body over the limit',
      {
        method: 'POST',
        path: '/v1/messengers/telegram',
        headers: {
          'Content-Type': 'application/json',
          'X-Telegram-Bot-Api-Secret-Token': MESSENGER_SECRETS.TELEGRAM_SECRET_TOKEN,
        },
        body: Buffer.alloc(400 * 1024, 'x'),
      },
      413,
    ],
    [
      '413 for a chunked body over the limit (no Content-Length: the connection is closed, said so)',
      {
        method: 'POST',
        path: '/v1/messengers/telegram',
        headers: {
          'Content-Type': 'application/json',
          'Transfer-Encoding': 'chunked',
          'X-Telegram-Bot-Api-Secret-Token': MESSENGER_SECRETS.TELEGRAM_SECRET_TOKEN,
        },
        body: Buffer.alloc(300 * 1024, 'x'),
      },
      413,
    ],
    [
      '415 for a content type VK never posts',
      {
        method: 'POST',
        path: '/v1/messengers/vk',
        headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
        body: Buffer.alloc(40 * 1024, 'x'),
      },
      415,
    ],
    [
      '401 from the API before the body is read',
      {
        method: 'PUT',
        path: '/v1/sites/shop',
        headers: { 'Content-Type': 'application/json' },
        body: Buffer.alloc(200 * 1024, 'x'),
      },
      401,
    ],
  ])(
    'answers the next request on the same connection after a %s',
    async (_, first: {
      method: string;
      path: string;
      headers: Record<string, string>;
      body: Buffer;
    }, expected) => {
      await seedSite(t);
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const refused = await send(agent, `${t.stack.url}${first.path}`, first);
        const next = await send(agent, `${t.stack.url}/v1/forms/shop`, {
          method: 'POST',
          headers: {
            Origin: SITE_ORIGIN,
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: 'name=Next&phone=89170000001',
        });

        expect(refused.status).toBe(expected);
        // Drained and kept open when the length is known; closed, and said so, when it is not.
        expect(refused.connection).toBe(
          first.headers['Transfer-Encoding'] ? 'close' : 'keep-alive',
        );
        expect(next.status).toBe(200);
        expect(JSON.parse(next.body)).toMatchObject({ accepted: true });
      } finally {
        agent.destroy();
      }
    },
  );
});
