import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { App, Duration, Stack } from 'aws-cdk-lib';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toEsbuildOptions } from '../../bench/bundles/esbuild-options';
import { runNodeForJson } from '../../bench/support/child-json';
import { LAMBDA_BUNDLING } from '../../infra/constructs/bundling';
import { SwitchboardFunction } from '../../infra/constructs/switchboard-function';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/local-aws';
import { signGeneric } from '../../local/signers/generic';
import { type SqsLocal, startSqsLocal } from '../../local/sqs-local';
import { createSqsClient } from '../../shared/queue/client';
import { httpApiEvent } from '../support/http-api-event';

const ROOT = resolve(import.meta.dirname, '../..');
const KIB = 1024;

/**
 * Each function's bundle as CDK builds it, at most this big (minified, source map apart): about
 * 3 % above the sizes of issue 14's cold-start pass, so that they cannot creep back unnoticed. A feature that
 * needs more raises its line here, in the commit that says why.
 */
const MAX_BUNDLE_KIB: Readonly<Record<string, number>> = {
  // The quarantine and lenient readers (issue 10) came in beside part A, the replay window and
  // path token of issue 13 after it; the phone metadata is JSON text since issue 14's cold-start
  // pass (536 KiB). Ingest talks to AWS through the light JSON client since issue 14's item 1
  // (shared/aws): without the SDK's clients, 537 → 349 KiB (docs/performance.md); the credential
  // alias reads the environment itself since the cold-start pass 3 (→ 330 KiB).
  ingest: 340,
  // Calls finished by their deadline and the month's funnel (issues 10, 15): the sla function
  // now composes the call use cases, the router the month's counters.
  router: 364,
  sla: 370,
  // The last mile, the month's routes and the dashboard's panels (issues 12, 15), CSV exports to
  // S3 (issue 13); part B of issue 14 took the whole zod and @hono/zod-openapi out of it
  // (1,322 → 896 KiB), then the S3 client and its presigner (SigV4 over fetch: → 731 KiB); the
  // phone metadata as JSON text, parsed on the first phone it reads (→ 741 KiB).
  api: 763,
  notify: 379,
  deliver: 379,
};
/** A function without a line above (a new one) is held to issue 6's 1 MiB until it has one. */
const DEFAULT_MAX_KIB = 1024;
/** Every Lambda: each folder of functions/ with an index.ts (as the bench finds them). */
const FUNCTIONS = readdirSync(join(ROOT, 'functions')).filter((name) =>
  existsSync(join(ROOT, 'functions', name, 'index.ts')),
);

/** Packages the bundles must not carry (infra/constructs/bundling.ts replaces what pulls them in). */
const LEFT_OUT =
  /node_modules\/(@aws-sdk\/(nested-clients|credential-provider-[a-z-]+|token-providers)|@smithy\/credential-provider-imds|@smithy\/core\/dist-es\/submodules\/event-streams)\//;

/** Imports a bundle as the Lambda runtime does and hands its handler one HTTP API event. */
const INVOKER = `
import dns from 'node:dns';
// The local SQS server names its queues http://sqs.<region>.localhost:<port>/…; *.localhost is
// the loopback (RFC 6761), which this machine's resolver does not know.
const lookup = dns.lookup;
dns.lookup = (host, options, callback) =>
  lookup(host.endsWith('.localhost') ? '127.0.0.1' : host, options, callback);
const [bundle, eventJson] = process.argv.slice(2);
const { handler } = await import(bundle);
const logs = [];
const write = process.stdout.write.bind(process.stdout);
// Powertools writes errors to stderr, the rest to stdout: both are the function's log.
process.stdout.write = process.stderr.write = (chunk) => (logs.push(String(chunk)), true);
const response = await handler(JSON.parse(eventJson), {});
write(JSON.stringify({ status: response.statusCode, body: response.body, logs }));
`;

/** A signed generic telephony event as API Gateway (HTTP API, payload 2.0) hands it over. */
const telephonyEvent = (secret: string, now: Date) => {
  const body = JSON.stringify({
    eventId: 'bundle-call-1-start',
    callId: 'bundle-call-1',
    event: 'started',
    direction: 'inbound',
    from: '+79991234567',
    to: '+74950000000',
    at: now.toISOString(),
  });
  const headers = Object.fromEntries(
    Object.entries(signGeneric(body, secret, now)).map(([k, v]) => [k.toLowerCase(), v]),
  );
  return httpApiEvent({
    path: '/v1/telephony/generic',
    headers: { ...headers, 'content-type': 'application/json' },
    body,
    sourceIp: '203.0.113.7',
    at: now,
  });
};

/** Passes every request on to the SQS server and keeps the headers it came with. */
const startRecordingProxy = async (target: string) => {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((incoming, answer) => {
    seen.push(incoming.headers);
    const onward = request(
      `${target}${incoming.url ?? '/'}`,
      { method: incoming.method, headers: incoming.headers },
      (response) => {
        answer.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(answer);
      },
    );
    incoming.pipe(onward);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
};

describe('the Lambda bundles as CDK builds them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bundles-'));
  const built: Record<string, { file: string; bytes: number; inputs: string[] }> = {};
  const bundle = (name: string) => {
    const found = built[name];
    if (!found) throw new Error(`no bundle of ${name}`);
    return found;
  };

  beforeAll(async () => {
    for (const name of FUNCTIONS) {
      const file = join(dir, name, 'index.mjs');
      const result = await build(
        toEsbuildOptions(LAMBDA_BUNDLING, join(ROOT, 'functions', name, 'index.ts'), file),
      );
      const output = Object.entries((result.metafile as Metafile).outputs).find(
        ([path]) => resolve(ROOT, path) === file,
      )?.[1];
      if (!output) throw new Error(`esbuild wrote no ${file}`);
      built[name] = { file, bytes: output.bytes, inputs: Object.keys(output.inputs) };
    }
    writeFileSync(join(dir, 'invoke.mjs'), INVOKER);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(FUNCTIONS.map((name) => [name, MAX_BUNDLE_KIB[name] ?? DEFAULT_MAX_KIB] as const))(
    'keeps the %s bundle within %i KiB',
    (name, max) => {
      expect(bundle(name).bytes / KIB).toBeLessThanOrEqual(max);
    },
  );

  it('is, for ingest, byte for byte what CDK bundles for SwitchboardFunction (so the bench measures what is deployed)', () => {
    const app = new App({ outdir: join(dir, 'cdk.out') });
    const stack = new Stack(app, 'BundleCheck');
    const fn = new SwitchboardFunction(stack, 'Ingest', {
      entry: join(ROOT, 'functions', 'ingest', 'index.ts'),
      description: 'bundle check',
      timeout: Duration.seconds(10),
      environment: {},
      secrets: [new Secret(stack, 'Secrets')],
    });
    // The function's code asset, bundled by CDK's own esbuild run into the cloud assembly.
    const { assetPath } = fn.fn.node.findChild('Code') as Asset;

    expect(assetPath).toMatch(/^asset\.[0-9a-f]+$/);
    expect(readFileSync(join(app.outdir, assetPath, 'index.mjs'))).toEqual(
      readFileSync(bundle('ingest').file),
    );
  });

  it('leaves out the credential chain Lambda never reaches and the event stream codecs', () => {
    for (const name of FUNCTIONS) {
      expect(bundle(name).inputs.filter((path) => LEFT_OUT.test(path))).toEqual([]);
      expect(bundle(name).inputs).toContainEqual(
        expect.stringContaining('infra/lambda-aliases/credential-provider-node.ts'),
      );
    }
  });

  it('carries no AWS SDK client in ingest (it uses the light client; the others keep the SDK)', () => {
    const sdkClients =
      /node_modules\/@aws-sdk\/(client-[a-z-]+|lib-dynamodb)\/|node_modules\/@smithy\/(node-http-handler|middleware-retry|smithy-client)\//;
    expect(bundle('ingest').inputs.filter((path) => sdkClients.test(path))).toEqual([]);
    expect(bundle('router').inputs.filter((path) => sdkClients.test(path))).not.toEqual([]);
  });

  describe('ingest, sending to the local SQS server with the credentials Lambda sets', () => {
    const secret = 'bundle-generic-secret-0123456789';
    const credentials = {
      AWS_ACCESS_KEY_ID: 'AKIDBUNDLETEST',
      AWS_SECRET_ACCESS_KEY: 'bundle-secret-access-key',
      AWS_SESSION_TOKEN: 'bundle-session-token',
    };
    let sqsServer: SqsLocal;
    let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
    let queueUrl: string;

    beforeAll(async () => {
      sqsServer = await startSqsLocal({ port: 0 });
      proxy = await startRecordingProxy(sqsServer.endpoint);
      // Made through the proxy, so that the queue's URL names the proxy's port: the bundled SQS
      // client (no endpoint configured, as in AWS) sends to the queue URL's own host.
      const sqs = createSqsClient({
        endpoint: proxy.origin,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
      });
      const created = await sqs.send(
        new CreateQueueCommand({
          QueueName: 'bundle-intake.fifo',
          Attributes: { FifoQueue: 'true' },
        }),
      );
      sqs.destroy();
      queueUrl = created.QueueUrl ?? '';
      proxy.seen.length = 0;
    });

    afterAll(async () => {
      await proxy?.stop();
      await sqsServer?.stop();
    });

    const invokeIngest = (env: Record<string, string>) =>
      runNodeForJson<{ status: number; body: string; logs: string[] }>(
        [
          join(dir, 'invoke.mjs'),
          pathToFileURL(bundle('ingest').file).href,
          JSON.stringify(telephonyEvent(secret, new Date())),
        ],
        {
          cwd: dirname(bundle('ingest').file), // outside the project: nothing from node_modules
          env: {
            PATH: process.env.PATH ?? '',
            AWS_REGION: LOCAL_REGION,
            TABLE_NAME: 'switchboard',
            INTAKE_QUEUE_URL: queueUrl,
            GENERIC_TELEPHONY_SECRET: secret,
            POWERTOOLS_LOG_LEVEL: 'ERROR',
            POWERTOOLS_METRICS_DISABLED: 'true',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            ...env,
          },
        },
        'invoking the bundled ingest',
      );

    it('signs SendMessage with the environment credentials and the event reaches the queue', async () => {
      const answer = await invokeIngest(credentials);

      expect(answer.logs.filter((line) => line.includes('"level":"ERROR"'))).toEqual([]);
      expect(answer.status).toBe(200);
      const sends = proxy.seen.filter((h) => h['x-amz-target'] === 'AmazonSQS.SendMessage');
      expect(sends).toHaveLength(1);
      expect(sends[0]?.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDBUNDLETEST\/\d{8}\/us-east-1\/sqs\/aws4_request, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/,
      );
      expect(sends[0]?.['x-amz-security-token']).toBe('bundle-session-token');
      const sqs = createSqsClient({
        endpoint: sqsServer.endpoint,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
      });
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
        }),
      );
      sqs.destroy();
      expect(Messages.map((m) => JSON.parse(m.Body ?? '{}'))).toEqual([
        expect.objectContaining({
          kind: 'call',
          event: expect.objectContaining({ callId: 'bundle-call-1' }),
        }),
      ]);
    });

    it('answers 5xx and logs a clear error, sending nothing, when the environment has no credentials', async () => {
      const sendsBefore = proxy.seen.length;

      const answer = await invokeIngest({});

      expect(answer.status).toBeGreaterThanOrEqual(500);
      expect(proxy.seen).toHaveLength(sendsBefore);
      expect(answer.logs.join('')).toContain('MissingEnvCredentialsError');
    });
  });
});
