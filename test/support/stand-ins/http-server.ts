import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StandInRequest = {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
};

export type StandInAnswer = {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
};

export type StandInServer = { readonly url: string; stop(): Promise<void> };

/** A node http server on 127.0.0.1 and a free port, answering JSON (or text) per request. */
export const startStandInServer = async (
  answer: (request: StandInRequest) => StandInAnswer | Promise<StandInAnswer>,
): Promise<StandInServer> => {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      Promise.resolve(answer(request)).then(
        (reply) => {
          const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
          res.writeHead(reply.status, {
            'Content-Type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
            ...reply.headers,
          });
          res.end(text);
        },
        (error: unknown) => {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** Answers queued for the next requests that match, each used once. */
export const createScript = <A>() => {
  const queue: { readonly match: (key: string) => boolean; readonly answer: A }[] = [];
  return {
    add(match: string | ((key: string) => boolean), answer: A, times = 1) {
      for (let i = 0; i < times; i++) {
        queue.push({ match: typeof match === 'string' ? (key) => key === match : match, answer });
      }
    },
    take(key: string): A | undefined {
      const index = queue.findIndex((entry) => entry.match(key));
      if (index < 0) return undefined;
      const [entry] = queue.splice(index, 1);
      return entry?.answer;
    },
    clear() {
      queue.length = 0;
    },
  };
};
