import { createHmac, timingSafeEqual } from 'node:crypto';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { createIngestApp } from '../functions/ingest/app';
import { composeIngestDeps } from '../functions/ingest/compose';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/local-aws';
import { signGeneric } from '../local/signers/generic';
import { startSqsLocal } from '../local/sqs-local';
import { createLiteSqs } from '../shared/aws/lite-clients';
import { loadConfig } from '../shared/config';
import type { Site } from '../shared/domain/types';
import { lambdaHandler } from '../shared/http/lambda-handler';
import type { IntakeQueue } from '../shared/ports';
import { createSqsClient } from '../shared/queue/client';
import { intakeSendInput } from '../shared/queue/intake-send-input';
import { atMost, type Benchmark, type Figure, figuresOf, perSecond } from './report';
import {
  BENCH_SECRETS,
  callEvents,
  formRequest,
  phoneOf,
  SITE_KEY,
  SITE_TOKEN_HASH,
  telephonyRequest,
} from './support/requests';
import { median } from './support/stats';

const RUNS = 5;
const REQUESTS = 3_000;
const WARMUP = 1_000;
/** Over HTTP a request takes milliseconds, not microseconds: fewer of them. */
const HTTP_REQUESTS = 1_000;
const HTTP_WARMUP = 300;
/** Distinct requests cycled through (different people, different calls). */
const POOL = 200;
const RATIO_MAX = 1.3;

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/intake.fifo';

type Request = { path: string; headers: Record<string, string>; body: string };
type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<{ statusCode?: number }>;

/** An HTTP API (payload 2.0) event, as API Gateway hands a request to Lambda. */
const apiEvent = (request: Request, index: number): APIGatewayProxyEventV2 => {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: request.path,
    rawQueryString: '',
    headers: {
      ...request.headers,
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      'content-length': String(Buffer.byteLength(request.body)),
      'user-agent': 'bench',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method: 'POST',
        path: request.path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'bench',
      },
      requestId: `req-${index}`,
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: request.body,
    isBase64Encoded: false,
  };
};

const CONTEXT: Context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'Ingest',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:Ingest',
  memoryLimitInMB: '512',
  awsRequestId: 'bench',
  logGroupName: '/aws/lambda/Ingest',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 10_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
};

/** A SendMessage as ingest makes it: SQS answered in process, or the local server over HTTP. */
type Send = (input: ReturnType<typeof intakeSendInput>) => Promise<unknown>;

/**
 * The least a webhook handler can do: parse the body, check an HMAC over it, hand it to SQS
 * (through the same sender as ours), answer 200.
 */
const createBaseline = (send: Send, secret: string, queueUrl: string) => {
  const handler = async (
    event: APIGatewayProxyEventV2,
    _context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const body = event.body ?? '';
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return { statusCode: 400 };
    }
    const timestamp = event.headers['x-switchboard-timestamp'] ?? '';
    const given = Buffer.from(event.headers['x-switchboard-signature'] ?? '');
    const expected = Buffer.from(
      `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
    );
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { statusCode: 401 };
    }
    await send({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(payload),
      MessageGroupId: 'baseline',
      MessageDeduplicationId: expected.toString('utf8', 7, 71),
    });
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
  };
  return handler;
};

type Timing = { readonly seconds: number; readonly cpuMs: number };

/**
 * Seconds to answer `count` requests one after another (as one Lambda instance does), and the
 * CPU this process used meanwhile (user + system; the in-process SQS server's share included).
 */
const timeRequests = async (
  handler: Handler,
  events: readonly APIGatewayProxyEventV2[],
  count: number,
): Promise<Timing> => {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const response = await handler(events[i % events.length] as APIGatewayProxyEventV2, CONTEXT);
    if (response.statusCode !== 200) {
      throw new Error(`request ${i} answered ${response.statusCode}`);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { seconds, cpuMs: (cpu.user + cpu.system) / 1000 };
};

type Side = { readonly handler: Handler; readonly events: APIGatewayProxyEventV2[] };
type Comparison = {
  readonly oursRps: number[];
  readonly baseRps: number[];
  /** CPU milliseconds per request, one per run. */
  readonly oursCpu: number[];
  readonly baseCpu: number[];
};

/** Ours and the baseline in alternating order, `runs` times, after a warm-up of each. */
const compare = async (
  ours: Side,
  baseline: Side,
  options: { requests: number; warmup: number },
): Promise<Comparison> => {
  await timeRequests(ours.handler, ours.events, options.warmup);
  await timeRequests(baseline.handler, baseline.events, options.warmup);
  const result: Comparison = { oursRps: [], baseRps: [], oursCpu: [], baseCpu: [] };
  for (let run = 0; run < RUNS; run++) {
    // Alternate which goes first, so neither always gets the warmer machine.
    const order = run % 2 === 0 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const);
    for (const which of order) {
      const side = which === 'ours' ? ours : baseline;
      const { seconds, cpuMs } = await timeRequests(side.handler, side.events, options.requests);
      (which === 'ours' ? result.oursRps : result.baseRps).push(options.requests / seconds);
      (which === 'ours' ? result.oursCpu : result.baseCpu).push(cpuMs / options.requests);
    }
  }
  return result;
};

const micros = (ms: number): string => `${Math.round(ms * 1000)} µs`;

export const ingestOverhead: Benchmark = {
  name: 'ingest-overhead',
  description: `ingest as composed (composeIngestDeps, lambdaHandler() as functions/ingest/index.ts) vs a bare parse+HMAC+SendMessage handler, in process: first with SendMessage answered in process (${REQUESTS.toLocaleString('en-US')} sequential requests per run), then over HTTP to the local SQS server, both through ingest's light client configured alike (${HTTP_REQUESTS.toLocaleString('en-US')} per run); the form's site answered in process in both parts; median of ${RUNS} runs`,
  async run({ log }) {
    const figure = figuresOf('ingest-overhead');
    // Each side its own FIFO queue on one local SQS server, made before SQS is mocked.
    const sqsServer = await startSqsLocal({ port: 0 });
    const sqsOptions = {
      endpoint: sqsServer.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    };
    const admin = createSqsClient(sqsOptions);
    const createFifoQueue = async (name: string): Promise<string> => {
      const { QueueUrl } = await admin.send(
        new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: 'true' } }),
      );
      if (!QueueUrl) throw new Error(`the local SQS server made no ${name}`);
      return QueueUrl;
    };
    const oursQueue = await createFifoQueue('bench-ours.fifo');
    const baseQueue = await createFifoQueue('bench-baseline.fifo');
    admin.destroy();

    let baselineSqs: ReturnType<typeof createLiteSqs> | undefined;
    try {
      // The site the form posts to, answered in process in both parts: the baseline has no site
      // to look up.
      const site: Site = {
        siteKey: SITE_KEY,
        name: 'Shop',
        allowedOrigins: ['https://shop.example'],
        tokenHash: SITE_TOKEN_HASH,
        honeypotField: 'website',
        updatedAt: '2026-11-01T00:00:00.000Z',
      };
      const sites = { get: async () => site, countSpam: async () => undefined };

      const env = {
        TABLE_NAME: 'switchboard',
        AWS_REGION: LOCAL_REGION,
        ...BENCH_SECRETS,
        // The limiter runs (its cost counts) but never refuses: the load comes from one address.
        RATE_LIMIT_FORMS_PER_IP: '1000000',
        RATE_LIMIT_FORMS_PER_SITE: '1000000',
        RATE_LIMIT_WEBHOOKS_PER_IP: '1000000',
      };
      const secret = BENCH_SECRETS.GENERIC_TELEPHONY_SECRET;
      // The handler as functions/ingest/index.ts builds it (lambdaHandler), the one Lambda calls.
      const ingest = (extra: Record<string, string>, intake?: IntakeQueue) => {
        const deps = composeIngestDeps(loadConfig({ ...env, ...extra }));
        return lambdaHandler(
          createIngestApp({ ...deps, sites, ...(intake ? { intake } : {}) }),
        ) as unknown as Handler;
      };
      // SQS answered in process: the SendMessage input is made as the real sender makes it.
      const answered: Send = async () => ({ MessageId: '5fea7756-0ea4-451a-a703-a558b933e274' });
      const overHttpConfig = loadConfig({ ...env, AWS_ENDPOINT_URL_SQS: sqsServer.endpoint });
      baselineSqs = createLiteSqs(overHttpConfig);
      const mocked = {
        ours: ingest(
          { INTAKE_QUEUE_URL: QUEUE_URL },
          {
            send: (message) => answered(intakeSendInput(QUEUE_URL, message)).then(() => undefined),
          },
        ),
        baseline: createBaseline(answered, secret, QUEUE_URL),
      };
      const overHttp = {
        // Both through the light client ingest composes (createLiteSqs), to the same server.
        ours: ingest({ INTAKE_QUEUE_URL: oursQueue, AWS_ENDPOINT_URL_SQS: sqsServer.endpoint }),
        baseline: createBaseline(
          (input) => (baselineSqs as ReturnType<typeof createLiteSqs>).call('SendMessage', input),
          secret,
          baseQueue,
        ),
      };

      const now = new Date();
      const forms = Array.from({ length: POOL }, (_, i) => formRequest(i));
      const calls = Array.from({ length: POOL }, (_, i) => {
        const [started] = callEvents(`bench-call-${i}`, phoneOf(i), now, {
          extension: '101',
          answered: true,
        });
        return telephonyRequest(started as NonNullable<typeof started>, now);
      });
      // The baseline gets the same bodies, HMAC-signed (it has no site token to check).
      const signed = (request: Request): Request => ({
        ...request,
        headers: {
          ...request.headers,
          ...Object.fromEntries(
            Object.entries(signGeneric(request.body, secret, now)).map(([k, v]) => [
              k.toLowerCase(),
              v,
            ]),
          ),
        },
      });
      const kinds = [
        { name: 'form post (JSON, site token)', ours: forms, baseline: forms.map(signed) },
        { name: 'signed generic telephony event', ours: calls, baseline: calls },
      ].map((kind) => ({
        name: kind.name,
        ours: kind.ours.map(apiEvent),
        baseline: kind.baseline.map(apiEvent),
      }));

      const figures: Figure[] = [];
      const report = (name: string, result: Comparison) => {
        const oursRps = median(result.oursRps);
        const baseRps = median(result.baseRps);
        const ratio = baseRps / oursRps;
        const extraMicros = (1 / oursRps - 1 / baseRps) * 1e6;
        const oursCpu = median(result.oursCpu);
        const baseCpu = median(result.baseCpu);
        const rates = (values: number[]) => values.map((r) => Math.round(r)).join(' / ');
        log(
          `${name}: ours ${rates(result.oursRps)} req/s, baseline ${rates(result.baseRps)} req/s; ` +
            `CPU per request: ours ${micros(oursCpu)}, baseline ${micros(baseCpu)}`,
        );
        figures.push(
          figure(`${name}: ours`, oursRps, perSecond(oursRps, 'req')),
          figure(`${name}: baseline`, baseRps, perSecond(baseRps, 'req')),
          figure(
            `${name}: ours/baseline time per request`,
            ratio,
            `${ratio.toFixed(2)} (+${Math.round(extraMicros)} µs/req)`,
            atMost(RATIO_MAX, '≤ 1.3'),
          ),
          figure(
            `${name}: node CPU per request, ours / baseline`,
            oursCpu / baseCpu,
            `${micros(oursCpu)} / ${micros(baseCpu)} (${(oursCpu / baseCpu).toFixed(2)} ×)`,
          ),
        );
      };

      for (const kind of kinds) {
        const result = await compare(
          { handler: mocked.ours, events: kind.ours },
          { handler: mocked.baseline, events: kind.baseline },
          { requests: REQUESTS, warmup: WARMUP },
        );
        report(`${kind.name}, SQS answered in process`, result);
      }
      // From here on SQS is the local server, over HTTP; the site lookup stays in process.
      for (const kind of kinds) {
        const result = await compare(
          { handler: overHttp.ours, events: kind.ours },
          { handler: overHttp.baseline, events: kind.baseline },
          { requests: HTTP_REQUESTS, warmup: HTTP_WARMUP },
        );
        report(`${kind.name}, local SQS over HTTP`, result);
      }
      return figures;
    } finally {
      baselineSqs?.destroy();
      await sqsServer.stop();
    }
  },
};
