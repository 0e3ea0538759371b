import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AwsJsonClientOptions,
  AwsServiceError,
  createAwsJsonClient,
  DYNAMODB,
  SQS,
} from '../../../shared/aws/json-client';
import { Sha256 } from '../../../shared/aws/sha256';
import { isConditionFailure } from '../../../shared/store/dynamo-errors';
import {
  type StandInAnswer,
  type StandInRequest,
  type StandInServer,
  startStandInServer,
} from '../../support/stand-ins/http-server';

const CREDENTIALS = {
  accessKeyId: 'AKIDLITETEST',
  secretAccessKey: 'lite-secret-access-key',
  sessionToken: 'lite-session-token',
};

let server: StandInServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** A stand-in answering from the list in order (the last answer repeats), recording requests. */
const standIn = async (...answers: StandInAnswer[]) => {
  const seen: StandInRequest[] = [];
  server = await startStandInServer((request) => {
    seen.push(request);
    return answers[Math.min(seen.length - 1, answers.length - 1)] as StandInAnswer;
  });
  return { url: server.url, seen };
};

/** A client that records its waits instead of waiting (random() = 1: the longest backoff). */
const clientOf = (endpoint: string, options: Partial<AwsJsonClientOptions> = {}) => {
  const waits: number[] = [];
  const client = createAwsJsonClient({
    service: DYNAMODB,
    region: 'eu-west-1',
    endpoint,
    credentials: async () => CREDENTIALS,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 1,
    ...options,
  });
  return { client, waits };
};

const ok = (body: unknown): StandInAnswer => ({ status: 200, body });
const dynamoError = (status: number, type: string, message: string): StandInAnswer => ({
  status,
  body: { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message },
});

describe('the light AWS JSON client', () => {
  it('sends one POST signed with the session token, the operation in X-Amz-Target, and resolves with the JSON answer', async () => {
    const { url, seen } = await standIn(ok({ Item: { pk: { S: 'site#shop' } } }));
    const { client } = clientOf(url);

    const output = await client.call('GetItem', { TableName: 't', Key: { pk: { S: 'a' } } });

    expect(output).toEqual({ Item: { pk: { S: 'site#shop' } } });
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/');
    expect(request?.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request?.headers['x-amz-security-token']).toBe('lite-session-token');
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDLITETEST\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(JSON.parse(request?.body ?? '')).toEqual({ TableName: 't', Key: { pk: { S: 'a' } } });
  });

  it('sends exactly what it signed: the receiver, signing the request as it arrived, gets the same signature', async () => {
    const { url, seen } = await standIn(ok({}));
    const { client } = clientOf(url, { service: SQS });

    await client.call('SendMessage', { QueueUrl: 'https://sqs/q.fifo', MessageBody: 'é ✓' });

    const [request] = seen;
    const authorization = String(request?.headers.authorization);
    const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
    const amzDate = String(request?.headers['x-amz-date']);
    const verifier = new SignatureV4({
      service: 'sqs',
      region: 'eu-west-1',
      credentials: CREDENTIALS,
      sha256: Sha256,
    });
    const again = await verifier.sign(
      {
        method: String(request?.method),
        protocol: 'http:',
        hostname: '127.0.0.1',
        path: String(request?.path),
        query: {},
        headers: Object.fromEntries(
          signedNames
            .filter((name) => name !== 'x-amz-date' && name !== 'x-amz-security-token')
            .map((name) => [name, String(request?.headers[name])]),
        ),
        body: request?.body,
      },
      {
        signingDate: new Date(
          amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
        ),
      },
    );

    expect(signedNames).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-target']));
    expect(again.headers.authorization).toBe(authorization);
  });

  it('retries a 5xx with backoff and resolves when a later attempt succeeds', async () => {
    const { url, seen } = await standIn(
      dynamoError(500, 'InternalServerError', 'oops'),
      ok({ MessageId: 'm-1' }),
    );
    const { client, waits } = clientOf(url, { service: SQS });

    await expect(client.call('SendMessage', {})).resolves.toEqual({ MessageId: 'm-1' });
    expect(seen).toHaveLength(2);
    expect(seen[0]?.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    expect(waits).toEqual([100]);
  });

  it('gives up after three attempts (the SDK standard mode) and rejects with the service error', async () => {
    const { url, seen } = await standIn(dynamoError(503, 'ServiceUnavailable', 'down for now'));
    const { client, waits } = clientOf(url);

    const error = await client.call('PutItem', {}).catch((e: unknown) => e);

    expect(seen).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({
      name: 'ServiceUnavailable',
      message: 'down for now',
      $fault: 'server',
      $metadata: { httpStatusCode: 503, attempts: 3 },
    });
  });

  it.each([
    ['any other 5xx', dynamoError(501, 'NotImplemented', 'later')],
    [
      'an expired signature',
      dynamoError(
        400,
        'InvalidSignatureException',
        'Signature expired: 20261206T100000Z is now earlier than 20261206T100500Z',
      ),
    ],
  ])('retries %s, as the SDK’s standard mode does', async (_, refusal) => {
    const { url, seen } = await standIn(refusal, ok({}));
    const { client } = clientOf(url);

    await expect(client.call('GetItem', {})).resolves.toEqual({});
    expect(seen).toHaveLength(2);
  });

  it('does not retry a signature refused for another reason', async () => {
    const { url, seen } = await standIn(
      dynamoError(
        400,
        'InvalidSignatureException',
        'The request signature we calculated does not match',
      ),
    );
    const { client } = clientOf(url);

    await expect(client.call('GetItem', {})).rejects.toMatchObject({
      name: 'InvalidSignatureException',
    });
    expect(seen).toHaveLength(1);
  });

  it('retries throttling (a 400 by its code) with the longer throttling backoff', async () => {
    const { url, seen } = await standIn(
      dynamoError(400, 'ProvisionedThroughputExceededException', 'slow down'),
      ok({}),
    );
    const { client, waits } = clientOf(url);

    await expect(client.call('UpdateItem', {})).resolves.toEqual({});
    expect(seen).toHaveLength(2);
    expect(waits).toEqual([500]);
  });

  it('answers a failed condition at once, named as the SDK names it, without retrying', async () => {
    const { url, seen } = await standIn(
      dynamoError(400, 'ConditionalCheckFailedException', 'The conditional request failed'),
    );
    const { client, waits } = clientOf(url);

    const error = await client.call('PutItem', {}).catch((e: unknown) => e);

    expect(seen).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(isConditionFailure(error)).toBe(true);
    expect(error).toMatchObject({ $fault: 'client', $metadata: { httpStatusCode: 400 } });
  });

  it('takes the error code from x-amzn-errortype when the body has none (SQS’s JSON protocol)', async () => {
    const { url } = await standIn({
      status: 400,
      body: { message: 'no such queue' },
      headers: { 'x-amzn-errortype': 'com.amazonaws.sqs#QueueDoesNotExist:http://internal' },
    });
    const { client } = clientOf(url, { service: SQS });

    await expect(client.call('SendMessage', {})).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
      message: 'no such queue',
    });
  });

  it('retries a refused connection and rejects with its code after the last attempt', async () => {
    const { url } = await standIn(ok({}));
    await server?.stop();
    server = undefined;
    const { client, waits } = clientOf(url);

    await expect(client.call('GetItem', {})).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(waits).toHaveLength(2);
  });

  it('gives up on a server that accepts the request and never answers, after its request timeout', async () => {
    const silent: Server = createServer(() => {
      // never answers
    });
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const { port } = silent.address() as AddressInfo;
    const { client } = clientOf(`http://127.0.0.1:${port}`, {
      requestTimeoutMs: 50,
      maxAttempts: 2,
    });

    const error = await client.call('GetItem', {}).catch((e: unknown) => e);
    silent.closeAllConnections();
    await new Promise<void>((done) => silent.close(() => done()));

    expect(error).toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT' });
  });

  it('sends to a call’s own endpoint when given one (SQS: the queue URL’s host)', async () => {
    const { url, seen } = await standIn(ok({}));
    const { client } = clientOf('http://127.0.0.1:9', { service: SQS });

    await client.call('SendMessage', {}, { endpoint: new URL(url) });

    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers.host).toBe(new URL(url).host);
  });
});
