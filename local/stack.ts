import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { serve } from '@hono/node-server';
import { createApiApp } from '../functions/api/app';
import { composeApiDeps } from '../functions/api/compose';
import type { ApiDeps } from '../functions/api/deps';
import { composeDeliverDeps } from '../functions/deliver/compose';
import { createDeliverHandler, type DeliverDeps } from '../functions/deliver/handler';
import { createIngestApp } from '../functions/ingest/app';
import { composeIngestDeps } from '../functions/ingest/compose';
import type { IngestDeps } from '../functions/ingest/deps';
import { composeNotifyDeps } from '../functions/notify/compose';
import { createNotifyHandler, type NotifyDeps } from '../functions/notify/handler';
import { composeRouterDeps } from '../functions/router/compose';
import { createRouterHandler, type RouterDeps } from '../functions/router/handler';
import { composeSlaDeps } from '../functions/sla/compose';
import { createSlaHandler, type SlaDeps } from '../functions/sla/handler';
import { type Config, ENV, loadConfig } from '../shared/config';
import { isIngestPath } from '../shared/http/routes';
import { createSqsClient } from '../shared/queue/client';
import { CONSUMERS, type ConsumerId } from '../shared/queue/definitions';
import { type Runtime, systemRuntime } from '../shared/runtime';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws';
import {
  POLLER_WAIT_SECONDS,
  type Poller,
  type PollOnceOptions,
  type SqsHandler,
  startPoller,
} from './poller';
import { provisionQueues, provisionTable, type QueueUrls } from './provision';
import { type SqsLocal, startSqsLocal } from './sqs-local';

export type Servers = {
  readonly dynamo: Pick<DynamoDbLocal, 'endpoint' | 'stop'>;
  readonly sqs: Pick<SqsLocal, 'endpoint' | 'stop' | 'pause' | 'resume'>;
  stop(): Promise<void>;
};

/**
 * DynamoDB Local (java) and fauxqs (in this process, unless `startSqs` starts it elsewhere:
 * the benchmarks run it in a child process to tell its CPU apart), both on 127.0.0.1.
 */
export const startServers = async (options: {
  readonly dynamoPort: number;
  readonly sqsPort: number;
  readonly dataDir?: string | undefined;
  readonly startSqs?: (options: { readonly port: number }) => Promise<SqsLocal>;
}): Promise<Servers> => {
  const sqs = await (options.startSqs ?? startSqsLocal)({ port: options.sqsPort });
  let dynamo: DynamoDbLocal;
  try {
    dynamo = await startDynamoDbLocal({ port: options.dynamoPort, dbPath: options.dataDir });
  } catch (error) {
    await sqs.stop();
    throw error;
  }
  return {
    dynamo,
    sqs,
    stop: async () => {
      await Promise.allSettled([sqs.stop(), dynamo.stop()]);
    },
  };
};

/**
 * Wraps what the composition roots built before anything runs: each function's deps (its ports)
 * before its app or handler is made, and each SQS handler as its poller invokes it. Tests watch
 * or fail ports and handlers here; the production code has no hooks of its own.
 */
export type LocalStackDecorators = {
  readonly ingest?: (deps: IngestDeps) => IngestDeps;
  readonly api?: (deps: ApiDeps) => ApiDeps;
  readonly router?: (deps: RouterDeps) => RouterDeps;
  readonly sla?: (deps: SlaDeps) => SlaDeps;
  readonly notify?: (deps: NotifyDeps) => NotifyDeps;
  readonly deliver?: (deps: DeliverDeps) => DeliverDeps;
  readonly handler?: (consumer: ConsumerId, handler: SqsHandler) => SqsHandler;
};

export type LocalStackOptions = {
  readonly servers: {
    readonly dynamo: { readonly endpoint: string };
    readonly sqs: { readonly endpoint: string };
  };
  /** HTTP port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  readonly tableName?: string;
  readonly queuePrefix?: string;
  readonly visibilityTimeoutSeconds?: number;
  /** Configuration as a user gives it (the environment); endpoints and names are added. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly runtime?: Runtime;
  readonly decorate?: LocalStackDecorators;
  /** Start the queue pollers that invoke the SQS functions (default true). */
  readonly pollers?: boolean;
  readonly concurrency?: number;
  readonly onPollerError?: (consumer: ConsumerId, error: unknown) => void;
};

export type LocalStack = {
  readonly url: string;
  readonly config: Config;
  readonly queues: QueueUrls;
  readonly fetch: (request: Request) => Response | Promise<Response>;
  /** Each SQS function with its queue: what a poller (or a test's pollOnce) needs. */
  readonly consumers: Record<ConsumerId, PollOnceOptions>;
  readonly sqs: SQSClient;
  stop(): Promise<void>;
};

/**
 * The whole system on one machine: the table and queues created from the same definitions
 * infra/ deploys, the ingest and api apps on one port (routed as the HTTP API routes them),
 * and a poller per consumer queue invoking the same handlers Lambda runs.
 */
export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  const { servers } = options;
  const tableName = options.tableName ?? 'switchboard';
  const sqs = createSqsClient({
    endpoint: servers.sqs.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const db = new DynamoDBClient({
    endpoint: servers.dynamo.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  await provisionTable(db, tableName);
  db.destroy();
  const queues = await provisionQueues(sqs, {
    ...(options.queuePrefix ? { prefix: options.queuePrefix } : {}),
    ...(options.visibilityTimeoutSeconds
      ? { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds }
      : {}),
  });

  const env = options.env ?? {};
  const port = options.port;
  const config = loadConfig({
    ...(port ? { [ENV.publicBaseUrl]: `http://localhost:${port}` } : {}),
    ...env,
    [ENV.dynamoEndpointUrl]: servers.dynamo.endpoint,
    [ENV.sqsEndpointUrl]: servers.sqs.endpoint,
    [ENV.awsRegion]: LOCAL_REGION,
    [ENV.tableName]: tableName,
    [ENV.intakeQueueUrl]: queues.intake.url,
    [ENV.assignmentsQueueUrl]: queues.assignments.url,
    [ENV.slaQueueUrl]: queues.sla.url,
    [ENV.deliveriesQueueUrl]: queues.deliveries.url,
    [ENV.port]: String(port),
  });
  const runtime = options.runtime ?? systemRuntime;
  const decorate = options.decorate ?? {};
  const decorated = <T>(wrap: ((value: T) => T) | undefined, value: T): T =>
    wrap ? wrap(value) : value;
  const ingest = createIngestApp(decorated(decorate.ingest, composeIngestDeps(config, runtime)));
  const api = createApiApp(decorated(decorate.api, composeApiDeps(config, runtime)));
  const handler = (consumer: ConsumerId, built: SqsHandler): SqsHandler =>
    decorate.handler ? decorate.handler(consumer, built) : built;
  const handlers: Record<ConsumerId, SqsHandler> = {
    router: handler(
      'router',
      createRouterHandler(decorated(decorate.router, composeRouterDeps(config, runtime))),
    ),
    sla: handler('sla', createSlaHandler(decorated(decorate.sla, composeSlaDeps(config, runtime)))),
    notify: handler(
      'notify',
      createNotifyHandler(decorated(decorate.notify, composeNotifyDeps(config, runtime))),
    ),
    deliver: handler(
      'deliver',
      createDeliverHandler(decorated(decorate.deliver, composeDeliverDeps(config, runtime))),
    ),
  };

  const fetch = (request: Request) =>
    isIngestPath(new URL(request.url).pathname) ? ingest.fetch(request) : api.fetch(request);

  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: keepAliveSafe(fetch), port, hostname: '127.0.0.1' }, () =>
      resolve(s as Server),
    );
  });
  const actualPort = (server.address() as AddressInfo).port;

  // The pollers' own client: a receive waits up to POLLER_WAIT_SECONDS for messages, longer than
  // the functions' clients let a request stay silent.
  const pollerSqs = createSqsClient({
    endpoint: servers.sqs.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    requestTimeoutMs: (POLLER_WAIT_SECONDS + 10) * 1000,
  });
  const consumers = {} as Record<ConsumerId, PollOnceOptions>;
  for (const [id, consumer] of Object.entries(CONSUMERS) as [
    ConsumerId,
    (typeof CONSUMERS)[ConsumerId],
  ][]) {
    consumers[id] = {
      sqs: pollerSqs,
      queueUrl: queues[consumer.queue].url,
      queueArn: await queueArn(sqs, queues[consumer.queue].url),
      handler: handlers[id],
      batchSize: consumer.batchSize,
    };
  }
  const pollers: Poller[] =
    options.pollers === false
      ? []
      : (Object.entries(consumers) as [ConsumerId, PollOnceOptions][]).map(([id, consumer]) =>
          startPoller({
            ...consumer,
            concurrency: options.concurrency ?? 2,
            onError: (error) => options.onPollerError?.(id, error),
          }),
        );

  return {
    url: `http://127.0.0.1:${actualPort}`,
    config,
    queues,
    fetch,
    consumers,
    sqs,
    stop: async () => {
      await Promise.allSettled(pollers.map((p) => p.stop()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      sqs.destroy();
      pollerSqs.destroy();
    },
  };
};

/**
 * A request answered before its body was read (413 on Content-Length, 401, 404, 429…) leaves
 * the rest of the body on the connection. Node would read it as the next request, or the
 * server closes the socket under a keep-alive client's next request ("socket hang up"). So the
 * unread rest is drained (discarded) once the answer is out, and the connection stays usable;
 * a body too large to drain cheaply ends the connection instead, announced by
 * `Connection: close`. (API Gateway does this in AWS.)
 */
export const keepAliveSafe =
  (fetch: (request: Request) => Response | Promise<Response>) =>
  async (request: Request, env?: { incoming?: unknown }): Promise<Response> => {
    const response = await fetch(request);
    const incoming = env?.incoming as IncomingMessage | undefined;
    if (!incoming || incoming.complete || incoming.destroyed) return response;
    const declared = Number(incoming.headers['content-length'] ?? Number.NaN);
    const body = request.body;
    if (Number.isFinite(declared) && declared <= MAX_DRAIN_BYTES && body && !body.locked) {
      // Read and discard the rest; the connection stays open for the next request.
      body.pipeTo(new WritableStream()).catch(() => {});
      return response;
    }
    const headers = new Headers(response.headers);
    headers.set('Connection', 'close');
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };

/** Bodies the local server drains rather than closing the connection (10 MB). */
const MAX_DRAIN_BYTES = 10 * 1024 * 1024;

const queueArn = async (sqs: SQSClient, url: string): Promise<string> => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return Attributes?.QueueArn ?? '';
};
