import type { Agent, IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { Sha256 } from './sha256';

/**
 * A small client for AWS's JSON protocol (DynamoDB, SQS, Secrets Manager): one signed POST per
 * call, with the AWS SDK's standard retry mode and the timeouts the SDK clients were given.
 * Only ingest uses it (docs/architecture.md, "Why it is shaped so"): its four calls do not
 * need the SDK, whose clients alone were most of ingest's cold start. Everything else keeps the
 * SDK.
 *
 * Signed with the SDK's own SigV4 signer (`@smithy/signature-v4`); sent over node:http(s) with a
 * keep-alive agent, as the SDK's node handler does.
 */
export type AwsJsonService = {
  /** The signing name, also the first label of the service's host (`dynamodb.<region>…`). */
  readonly signingName: string;
  /** `X-Amz-Target` is `<targetPrefix>.<operation>`. */
  readonly targetPrefix: string;
  readonly jsonVersion: '1.0' | '1.1';
};

export const DYNAMODB: AwsJsonService = {
  signingName: 'dynamodb',
  targetPrefix: 'DynamoDB_20120810',
  jsonVersion: '1.0',
};
export const SQS: AwsJsonService = {
  signingName: 'sqs',
  targetPrefix: 'AmazonSQS',
  jsonVersion: '1.0',
};
export const SECRETS_MANAGER: AwsJsonService = {
  signingName: 'secretsmanager',
  targetPrefix: 'secretsmanager',
  jsonVersion: '1.1',
};

export type AwsJsonClientOptions = {
  readonly service: AwsJsonService;
  readonly region: string;
  /** A local server (`http://localhost:8000`); else the service's regional endpoint. */
  readonly endpoint?: string | undefined;
  readonly credentials: AwsCredentialIdentityProvider;
  /** Attempts in all, the first included (the SDK's standard mode: 3). */
  readonly maxAttempts?: number;
  /** How long a new connection may take to open (ms). */
  readonly connectionTimeoutMs?: number;
  /** How long the socket may stay silent once the request is sent (ms). */
  readonly requestTimeoutMs?: number;
  /** Waits between attempts (tests pass one that does not wait). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
};

export type AwsJsonClient = {
  /**
   * Calls one operation and resolves with its JSON output; rejects with an AwsServiceError (the
   * service refused, or kept failing) or the connection's error after the last attempt.
   * `endpoint` overrides the client's for this call (SQS sends to the queue URL's host).
   */
  call<T>(operation: string, input: unknown, options?: { readonly endpoint?: URL }): Promise<T>;
  /** Closes the kept-alive connections (a client made for one cold-start read). */
  destroy(): void;
};

/**
 * A refusal or failure the service answered, shaped like the SDK's service exceptions (`name`
 * is the error code, `$fault`, `$metadata.httpStatusCode`), so that code reading SDK errors by
 * name (`isConditionFailure`, errorSummary in the logs) reads these the same way.
 */
export class AwsServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { readonly httpStatusCode: number; readonly attempts: number };
  constructor(code: string, message: string, status: number, attempts: number) {
    super(message);
    this.name = code;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status, attempts };
  }
}

/** The socket did not connect, or stayed silent, within its timeout. */
export class AwsTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly code = 'ETIMEDOUT';
}

// As the SDK's standard retry strategy classifies errors (@smithy/service-error-classification).
const THROTTLING = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
const TRANSIENT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
// The standard mode retries every 5xx (500, 502–504 as transient, the rest as server errors).
const isServerStatus = (status: number) => status >= 500 && status <= 599;
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  // The network's (a lost route, a DNS answer that did not come): retried by the SDK too.
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const DELAY_BASE_MS = 100;
const THROTTLING_DELAY_BASE_MS = 500;
const MAX_DELAY_MS = 20_000;

/** Throttling waits longer between attempts, as in the SDK's standard mode. */
const retryOf = (error: unknown): 'throttling' | 'transient' | undefined => {
  if (error instanceof AwsServiceError) {
    if (THROTTLING.has(error.name) || error.$metadata.httpStatusCode === 429) return 'throttling';
    if (TRANSIENT.has(error.name) || isServerStatus(error.$metadata.httpStatusCode)) {
      return 'transient';
    }
    // A request signed before a long stall: signed again on the next attempt.
    if (error.name === 'InvalidSignatureException' && error.message.includes('Signature expired')) {
      return 'transient';
    }
    return undefined;
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && CONNECTION_CODES.has(code) ? 'transient' : undefined;
};

/** `com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException` → its last part. */
const errorCode = (raw: string): string => {
  const code = raw.split(':')[0]?.split(',')[0] ?? raw;
  return code.slice(code.lastIndexOf('#') + 1);
};

const serviceError = (
  status: number,
  headers: IncomingMessage['headers'],
  text: string,
  attempts: number,
) => {
  let body: { __type?: unknown; code?: unknown; message?: unknown; Message?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON (a proxy's error page): the status says enough
  }
  const header = headers['x-amzn-errortype'];
  const raw = typeof header === 'string' ? header : (body.__type ?? body.code);
  const code = typeof raw === 'string' && raw !== '' ? errorCode(raw) : `Http${status}Error`;
  const message = body.message ?? body.Message;
  return new AwsServiceError(
    code,
    typeof message === 'string' ? message : `${code} (HTTP ${status})`,
    status,
    attempts,
  );
};

const pause = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export const createAwsJsonClient = (options: AwsJsonClientOptions): AwsJsonClient => {
  const { service } = options;
  const maxAttempts = options.maxAttempts ?? 3;
  const connectionTimeoutMs = options.connectionTimeoutMs ?? 1_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 5_000;
  const sleep = options.sleep ?? pause;
  const random = options.random ?? Math.random;
  const base = new URL(
    options.endpoint ?? `https://${service.signingName}.${options.region}.amazonaws.com`,
  );
  const signer = new SignatureV4({
    service: service.signingName,
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
  });
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 50 });
  // Plain HTTP is for the local servers only. Not imported as an ES module: on Node 24 the
  // module's ESM facade reads every export, WebSocket's getter among them, which loads undici
  // (~20 ms of a cold start measured); the Lambda bundles never reach it.
  let http: { readonly module: typeof import('node:http'); readonly agent: Agent } | undefined;
  const plainHttp = () => {
    if (!http) {
      const module = process.getBuiltinModule('node:http');
      http = { module, agent: new module.Agent({ keepAlive: true, maxSockets: 50 }) };
    }
    return http;
  };

  const send = async (url: URL, operation: string, body: string, attempt: number) => {
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: {},
      headers: {
        host: url.host,
        'content-type': `application/x-amz-json-${service.jsonVersion}`,
        'content-length': String(Buffer.byteLength(body)),
        'x-amz-target': `${service.targetPrefix}.${operation}`,
      },
      body,
    });
    const https = url.protocol === 'https:';
    const plain = https ? undefined : plainHttp();
    return new Promise<unknown>((resolve, reject) => {
      const req = (plain ? plain.module.request : httpsRequest)(
        {
          method: 'POST',
          hostname: url.hostname,
          port: url.port || undefined,
          path: url.pathname,
          headers: signed.headers,
          agent: plain ? plain.agent : httpsAgent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              try {
                resolve(text === '' ? {} : JSON.parse(text));
              } catch (error) {
                reject(error);
              }
            } else {
              reject(serviceError(status, response.headers, text, attempt));
            }
          });
        },
      );
      req.on('error', reject);
      req.setTimeout(requestTimeoutMs, () =>
        req.destroy(new AwsTimeoutError(`no answer from ${url.host} in ${requestTimeoutMs} ms`)),
      );
      req.on('socket', (socket) => {
        if (!socket.connecting) return;
        const timer = setTimeout(
          () =>
            req.destroy(
              new AwsTimeoutError(`no connection to ${url.host} in ${connectionTimeoutMs} ms`),
            ),
          connectionTimeoutMs,
        );
        socket.once('connect', () => clearTimeout(timer));
        socket.once('close', () => clearTimeout(timer));
      });
      req.end(body);
    });
  };

  return {
    async call<T>(operation: string, input: unknown, callOptions?: { readonly endpoint?: URL }) {
      const url = callOptions?.endpoint ?? base;
      const body = JSON.stringify(input);
      for (let attempt = 1; ; attempt++) {
        try {
          return (await send(url, operation, body, attempt)) as T;
        } catch (error) {
          const retry = retryOf(error);
          if (!retry || attempt >= maxAttempts) throw error;
          const delayBase = retry === 'throttling' ? THROTTLING_DELAY_BASE_MS : DELAY_BASE_MS;
          await sleep(
            Math.floor(Math.min(MAX_DELAY_MS, random() * 2 ** (attempt - 1) * delayBase)),
          );
        }
      }
    },
    destroy() {
      http?.agent.destroy();
      httpsAgent.destroy();
    },
  };
};
