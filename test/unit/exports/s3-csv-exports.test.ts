import { createHash } from 'node:crypto';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createS3CsvExports, type S3Location } from '../../../shared/exports/s3-csv-exports';

const CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session/token+with=odd chars',
};
const AT = new Date('2026-12-06T10:30:00Z');
const BODY = new TextEncoder().encode('\uFEFFid,kind\r\nl-1,inquiry\r\n');

type Sent = { url: string; method: string; headers: Record<string, string>; body: Uint8Array };

/** Captures the PUT (a unit test: the S3 stand-in of the integration tests does not sign-check). */
const captureFetch = (status = 200, text = '') => {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    sent.push({
      url,
      method: String(init.method),
      headers: init.headers as Record<string, string>,
      body: init.body as Uint8Array,
    });
    return new Response(text, { status });
  });
  return sent;
};

afterEach(() => {
  vi.unstubAllGlobals();
});

const AWS: S3Location = {
  endpoint: 'https://sb-exports.s3.eu-central-1.amazonaws.com',
  bucket: 'sb-exports',
  region: 'eu-central-1',
  pathStyle: false,
  credentials: async () => CREDENTIALS,
};

const CASES: readonly { name: string; location: S3Location; client: S3Client }[] = [
  {
    name: 'S3 itself (virtual-hosted, a session token)',
    location: AWS,
    client: new S3Client({ region: 'eu-central-1', credentials: CREDENTIALS }),
  },
  {
    name: 'a local endpoint (path-style, a port)',
    location: {
      endpoint: 'http://127.0.0.1:4622',
      bucket: 'sb-exports',
      region: 'us-east-1',
      pathStyle: true,
      credentials: async () => ({ accessKeyId: 'local', secretAccessKey: 'local' }),
    },
    client: new S3Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4622',
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  },
];

describe('CSV exports in S3, signed without the S3 client', () => {
  it.each(CASES.map((c) => [c.name, c] as const))(
    'presigns the download link exactly as @aws-sdk/s3-request-presigner does, for %s',
    async (_, { location, client }) => {
      captureFetch();
      const exports = createS3CsvExports(location, {
        newId: () => 'exp-1',
        origin: 'https://example.test',
        now: () => AT,
      });

      const link = await exports.save({
        name: 'leads from 1.csv',
        contentType: 'text/csv',
        body: BODY,
      });

      const expected = await getSignedUrl(
        client,
        new GetObjectCommand({ Bucket: 'sb-exports', Key: 'exports/exp-1/leads from 1.csv' }),
        { expiresIn: 600, signingDate: AT },
      );
      const ours = new URL(link);
      const theirs = new URL(expected);
      expect(`${ours.origin}${ours.pathname}`).toBe(`${theirs.origin}${theirs.pathname}`);
      expect(Object.fromEntries(ours.searchParams)).toEqual(
        Object.fromEntries(theirs.searchParams),
      );
      expect(ours.searchParams.get('X-Amz-Expires')).toBe('600');
    },
  );

  it('PUTs the object with its headers, the hash of its body and a SigV4 signature over them', async () => {
    const sent = captureFetch();
    const exports = createS3CsvExports(AWS, {
      newId: () => 'exp-2',
      origin: 'https://example.test',
      now: () => AT,
    });

    await exports.save({ name: 'calls.csv', contentType: 'text/csv; charset=utf-8', body: BODY });

    expect(sent).toHaveLength(1);
    const put = sent[0] as Sent;
    expect(put.method).toBe('PUT');
    expect(put.url).toBe(
      'https://sb-exports.s3.eu-central-1.amazonaws.com/exports/exp-2/calls.csv',
    );
    expect(put.body).toBe(BODY);
    expect(put.headers).toMatchObject({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="calls.csv"',
      'cache-control': 'no-store',
      'x-amz-content-sha256': createHash('sha256').update(BODY).digest('hex'),
      'x-amz-date': '20261206T103000Z',
      'x-amz-security-token': CREDENTIALS.sessionToken,
    });
    expect(put.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/20261206\/eu-central-1\/s3\/aws4_request, SignedHeaders=content-disposition;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    // Cache-Control is never signed (SigV4's unsignable headers); fetch sets Host itself, from the URL it is given (the value signed).
    expect(put.headers.host).toBeUndefined();
  });

  it('fails the export with S3’s status and error code when the PUT is refused, linking nothing', async () => {
    captureFetch(403, '<Error><Code>AccessDenied</Code><Message>no</Message></Error>');
    const exports = createS3CsvExports(AWS, {
      newId: () => 'exp-3',
      origin: 'https://example.test',
    });

    await expect(
      exports.save({ name: 'calls.csv', contentType: 'text/csv', body: BODY }),
    ).rejects.toThrow('S3 PutObject answered 403 AccessDenied');
  });
});
