import { createHash } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider, QueryParameterBag } from '@smithy/types';
import { Sha256 } from '../aws/sha256';
import type { CsvExports } from '../ports';

/** Where exports are kept in the bucket (the api's role may put and read objects only here). */
export const EXPORTS_PREFIX = 'exports/';

/** How long a download link works: it is followed at once (the 303), so minutes are plenty. */
export const EXPORT_LINK_SECONDS = 600;

/** How long the PUT of an export may take before the request answers 5xx. */
const PUT_TIMEOUT_MS = 10_000;

/** RFC 3986 escaping, as SigV4 and S3 want it in paths and queries. */
const escapeUri = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

export type S3Location = {
  /** `https://<bucket>.s3.<region>.amazonaws.com`, or a local endpoint (path-style). */
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  /** Path-style (`<endpoint>/<bucket>/<key>`): a local S3 endpoint. */
  readonly pathStyle: boolean;
  readonly credentials: AwsCredentialIdentityProvider;
};

/**
 * Exports kept in an S3 bucket (private, encrypted, expired after a day by a lifecycle rule) and
 * handed out as presigned GET links. API Gateway's HTTP API cannot stream a response and Lambda
 * answers at most 6 MB, so a large export cannot be the response itself.
 *
 * Signed with the SDK's own SigV4 signer (`@smithy/signature-v4`, in every bundle already) and
 * sent with `fetch`: one signed PUT and one presigned GET are all an export needs, and the whole
 * S3 client with its presigner weighed ~150 KiB in the api bundle (docs/performance.md).
 */
export const createS3CsvExports = (
  s3: S3Location,
  options: { readonly newId: () => string; readonly origin: string; readonly now?: () => Date },
): CsvExports => {
  const signer = new SignatureV4({
    service: 's3',
    region: s3.region,
    credentials: s3.credentials,
    sha256: Sha256,
    // S3 takes the path as it is sent, escaped once.
    uriEscapePath: false,
    applyChecksum: false,
  });
  const base = new URL(s3.pathStyle ? `${s3.endpoint}/${s3.bucket}` : s3.endpoint);
  const requestOf = (method: 'GET' | 'PUT', key: string, headers: Record<string, string>) => ({
    method,
    protocol: base.protocol,
    hostname: base.hostname,
    ...(base.port ? { port: Number(base.port) } : {}),
    path: `${base.pathname.replace(/\/$/, '')}/${key.split('/').map(escapeUri).join('/')}`,
    query: {} as Record<string, string>,
    headers: { host: base.host, ...headers },
  });
  const urlOf = (request: { path: string; query?: QueryParameterBag }) => {
    const query = Object.entries(request.query ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => `${escapeUri(name)}=${escapeUri(String(value))}`)
      .join('&');
    return `${base.protocol}//${base.host}${request.path}${query ? `?${query}` : ''}`;
  };

  return {
    origin: options.origin,
    async save({ name, contentType, body }) {
      const key = `${EXPORTS_PREFIX}${options.newId()}/${name}`;
      const put = await signer.sign(
        requestOf('PUT', key, {
          'content-type': contentType,
          'content-disposition': `attachment; filename="${name}"`,
          'cache-control': 'no-store',
          'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
        }),
        { signingDate: options.now?.() },
      );
      const { host: _host, ...headers } = put.headers;
      const response = await fetch(urlOf(put), {
        method: 'PUT',
        headers,
        body: body as Uint8Array<ArrayBuffer>,
        signal: AbortSignal.timeout(PUT_TIMEOUT_MS),
      });
      if (!response.ok) {
        const detail = (await response.text()).match(/<Code>([^<]+)<\/Code>/)?.[1];
        throw new Error(`S3 PutObject answered ${response.status}${detail ? ` ${detail}` : ''}`);
      }
      // As getSignedUrl of @aws-sdk/s3-request-presigner signs a GetObject (the test compares
      // them): the payload unsigned, only `host` signed, S3's checksum headers asked for.
      const get = requestOf('GET', key, { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' });
      get.query['x-id'] = 'GetObject';
      get.query['x-amz-checksum-mode'] = 'ENABLED';
      const link = await signer.presign(get, {
        expiresIn: EXPORT_LINK_SECONDS,
        signingDate: options.now?.(),
      });
      return urlOf(link);
    },
  };
};

/** Where presigned links of the bucket point: the endpoint given (locally), else S3's own. */
export const exportsOrigin = (bucket: string, region: string | undefined, endpoint?: string) =>
  endpoint
    ? new URL(endpoint).origin
    : `https://${bucket}.s3.${region ?? 'us-east-1'}.amazonaws.com`;
