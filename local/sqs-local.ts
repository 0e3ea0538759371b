import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildApp } from 'fauxqs';

export type SqsLocal = {
  readonly endpoint: string;
  readonly port: number;
  /** Stops listening; the queues and their messages are kept for start(). */
  pause(): Promise<void>;
  /** Listens again on the same port, with the same queues and messages. */
  resume(): Promise<void>;
  stop(): Promise<void>;
};

type Stores = NonNullable<NonNullable<Parameters<typeof buildApp>[0]>['stores']>;

/**
 * fauxqs's stores are not exported by name (only buildApp is); they are loaded from the pinned
 * package's own files so that a paused server keeps its queues, as a real outage would.
 */
const createStores = async (): Promise<Stores> => {
  const require = createRequire(import.meta.url);
  const root = (require.resolve.paths('fauxqs') ?? [])
    .map((dir) => join(dir, 'fauxqs'))
    .find((dir) => existsSync(join(dir, 'package.json')));
  if (!root) throw new Error('fauxqs is not installed: run npm ci');
  const load = async <T>(path: string, name: string): Promise<T> =>
    (await import(pathToFileURL(join(root, 'dist', path)).href))[name] as T;
  const SqsStore = await load<new () => Stores['sqsStore']>('./sqs/sqsStore.js', 'SqsStore');
  const SnsStore = await load<new () => Stores['snsStore']>('./sns/snsStore.js', 'SnsStore');
  const S3Store = await load<new () => Stores['s3Store']>('./s3/s3Store.js', 'S3Store');
  return { sqsStore: new SqsStore(), snsStore: new SnsStore(), s3Store: new S3Store() };
};

/** fauxqs (SQS protocol) inside this process, on 127.0.0.1 only. */
export const startSqsLocal = async (options: { readonly port: number }): Promise<SqsLocal> => {
  const stores = await createStores();
  let app: ReturnType<typeof buildApp> | undefined;
  let port = options.port;

  const listen = async () => {
    app = buildApp({ logger: false, stores });
    await app.listen({ port, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  };
  const close = async () => {
    const running = app;
    app = undefined;
    await running?.close();
  };

  await listen();
  return {
    get endpoint() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    pause: close,
    resume: async () => {
      if (!app) await listen();
    },
    stop: close,
  };
};
