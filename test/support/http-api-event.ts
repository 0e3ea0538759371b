import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * A request as API Gateway's HTTP API (payload format 2.0) hands it to a Lambda function: what
 * the tests and the bundle checks invoke handlers with. Bodies of posts arrive base64-encoded
 * when they are not JSON or text (`base64: true`).
 */
export const httpApiEvent = (request: {
  readonly method?: string;
  readonly path: string;
  readonly query?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly base64?: boolean;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  readonly at?: Date;
}): APIGatewayProxyEventV2 => {
  const at = request.at ?? new Date('2026-11-27T10:00:00Z');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: request.path,
    rawQueryString: request.query ?? '',
    headers: { host: 'api.example', ...request.headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example',
      domainPrefix: 'api',
      http: {
        method: request.method ?? 'POST',
        path: request.path,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '203.0.113.9',
        userAgent: request.userAgent ?? 'test',
      },
      requestId: 'req',
      routeKey: '$default',
      stage: '$default',
      time: at.toUTCString(),
      timeEpoch: at.getTime(),
    },
    ...(request.body === undefined ? {} : { body: request.body }),
    isBase64Encoded: request.base64 ?? false,
  };
};
