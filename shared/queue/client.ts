import { SQSClient } from '@aws-sdk/client-sqs';

export type SqsOptions = {
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly maxAttempts?: number;
  /** How long a request may stay silent (ms; default 10 s): a long poll waits longer. */
  readonly requestTimeoutMs?: number;
};

/**
 * With an explicit endpoint (the local server) the client must not follow queue URLs: fauxqs
 * names them sqs.<region>.localhost, which does not resolve here.
 */
export const createSqsClient = (options: SqsOptions = {}): SQSClient =>
  new SQSClient({
    ...(options.endpoint ? { endpoint: options.endpoint, useQueueUrlAsEndpoint: false } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    // A dead connection fails in seconds and is retried, instead of holding the function (and
    // the provider waiting on ingest) until its own timeout.
    requestHandler: {
      connectionTimeout: 1_000,
      requestTimeout: options.requestTimeoutMs ?? 10_000,
    },
    // Each command's middleware is resolved once per command class, not once per request: about
    // 40 % of an SQS request's CPU in the client (docs/performance.md). Nothing here changes a
    // client's middleware after its first request. (Not for DynamoDB: lib-dynamodb's commands
    // keep their own input in the handler they resolve.)
    cacheMiddleware: true,
  });
