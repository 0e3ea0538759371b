import { createHmac, timingSafeEqual } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handle } from 'hono/aws-lambda';
import { composeIngest } from '../functions/ingest/compose';
import { signGeneric } from '../local/signers/generic';
import { loadConfig } from '../shared/config';
import { atMost, type Benchmark, figuresOf, perSecond } from './report';
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

/**
 * The least a webhook handler can do: parse the body, check an HMAC over it, hand it to SQS
 * (the same mocked client), answer 200.
 */
const createBaseline = (sqs: SQSClient, secret: string) => {
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
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: QUEUE_URL,
        MessageBody: JSON.stringify(payload),
        MessageGroupId: 'baseline',
        MessageDeduplicationId: expected.toString('utf8', 7, 71),
      }),
    );
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
  };
  return handler;
};

/** Seconds to answer `count` requests one after another (as one Lambda instance does). */
const timeRequests = async (
  handler: Handler,
  events: readonly APIGatewayProxyEventV2[],
  count: number,
): Promise<number> => {
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const response = await handler(events[i % events.length] as APIGatewayProxyEventV2, CONTEXT);
    if (response.statusCode !== 200) {
      throw new Error(`request ${i} answered ${response.statusCode}`);
    }
  }
  return (performance.now() - t0) / 1000;
};

export const ingestOverhead: Benchmark = {
  name: 'ingest-overhead',
  description: `handle(composeIngest(config)) vs a bare parse+HMAC+SendMessage handler, in process, SQS and DynamoDB answered by aws-sdk-client-mock; ${REQUESTS.toLocaleString('en-US')} sequential requests per run, median of ${RUNS} runs`,
  async run({ log }) {
    const figure = figuresOf('ingest-overhead');
    const sqsMock = mockClient(SQSClient);
    const dbMock = mockClient(DynamoDBDocumentClient);
    try {
      sqsMock.on(SendMessageCommand).resolves({
        MessageId: '5fea7756-0ea4-451a-a703-a558b933e274',
        MD5OfMessageBody: 'fafb00f5732ab283681e124bf8747ed1',
        SequenceNumber: '18849496460467696128',
      });
      // The site the form posts to, as the site store reads it.
      dbMock.on(GetCommand).resolves({
        Item: {
          pk: 'SITES',
          sk: `SITE#${SITE_KEY}`,
          type: 'site',
          siteKey: SITE_KEY,
          name: 'Shop',
          allowedOrigins: ['https://shop.example'],
          tokenHash: SITE_TOKEN_HASH,
          honeypotField: 'website',
          updatedAt: '2026-11-01T00:00:00.000Z',
        },
      });

      const config = loadConfig({
        TABLE_NAME: 'switchboard',
        INTAKE_QUEUE_URL: QUEUE_URL,
        AWS_REGION: 'us-east-1',
        ...BENCH_SECRETS,
        // The limiter runs (its cost counts) but never refuses: the load comes from one address.
        RATE_LIMIT_FORMS_PER_IP: '1000000',
        RATE_LIMIT_FORMS_PER_SITE: '1000000',
        RATE_LIMIT_WEBHOOKS_PER_IP: '1000000',
      });
      // hono types its events itself; the handler is the one Lambda calls.
      const ours = handle(composeIngest(config)) as unknown as Handler;
      const baseline = createBaseline(
        new SQSClient({ region: 'us-east-1' }),
        BENCH_SECRETS.GENERIC_TELEPHONY_SECRET,
      );

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
            Object.entries(
              signGeneric(request.body, BENCH_SECRETS.GENERIC_TELEPHONY_SECRET, now),
            ).map(([k, v]) => [k.toLowerCase(), v]),
          ),
        },
      });
      const kinds = [
        { name: 'form post (JSON, site token)', ours: forms, baseline: forms.map(signed) },
        { name: 'signed generic telephony event', ours: calls, baseline: calls },
      ];

      const figures = [];
      for (const kind of kinds) {
        const oursEvents = kind.ours.map(apiEvent);
        const baseEvents = kind.baseline.map(apiEvent);
        await timeRequests(ours, oursEvents, WARMUP);
        await timeRequests(baseline, baseEvents, WARMUP);
        const oursRuns: number[] = [];
        const baseRuns: number[] = [];
        for (let run = 0; run < RUNS; run++) {
          // Alternate which goes first, so neither always gets the warmer machine.
          const order = run % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
          for (const which of order) {
            const seconds =
              which === 'ours'
                ? await timeRequests(ours, oursEvents, REQUESTS)
                : await timeRequests(baseline, baseEvents, REQUESTS);
            (which === 'ours' ? oursRuns : baseRuns).push(REQUESTS / seconds);
          }
          sqsMock.resetHistory();
          dbMock.resetHistory();
        }
        const oursRps = median(oursRuns);
        const baseRps = median(baseRuns);
        const ratio = baseRps / oursRps;
        const extraMicros = (1 / oursRps - 1 / baseRps) * 1e6;
        log(
          `${kind.name}: ours ${oursRuns.map((r) => Math.round(r)).join(' / ')} req/s, baseline ${baseRuns.map((r) => Math.round(r)).join(' / ')} req/s`,
        );
        figures.push(
          figure(`${kind.name}: ours`, oursRps, perSecond(oursRps, 'req')),
          figure(`${kind.name}: baseline`, baseRps, perSecond(baseRps, 'req')),
          figure(
            `${kind.name}: ours/baseline time per request`,
            ratio,
            `${ratio.toFixed(2)} (+${Math.round(extraMicros)} µs/req)`,
            atMost(RATIO_MAX, '≤ 1.3'),
          ),
        );
      }
      return figures;
    } finally {
      sqsMock.restore();
      dbMock.restore();
    }
  },
};
