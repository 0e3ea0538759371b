import { type StandInAnswer, type StandInServer, startStandInServer } from './http-server';

export type StoredObject = {
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
};

/**
 * An S3 stand-in for the calls the CSV export makes, path-style: PUT /<bucket>/<key> keeps the
 * object; GET of it answers it only with a presigned query (X-Amz-Signature), as S3 would ask.
 * Signatures are not checked here: the SDK computes them, the test checks what is sent.
 */
export const startS3StandIn = async (): Promise<
  StandInServer & { readonly objects: Map<string, StoredObject> }
> => {
  const objects = new Map<string, StoredObject>();
  const server = await startStandInServer((request): StandInAnswer => {
    const url = new URL(request.path, 'http://s3.local');
    const key = decodeURIComponent(url.pathname);
    if (request.method === 'PUT') {
      objects.set(key, { body: request.body, headers: request.headers });
      return { status: 200, body: '', headers: { ETag: '"stand-in"' } };
    }
    const stored = objects.get(key);
    if (request.method !== 'GET' || !stored) return { status: 404, body: 'NoSuchKey' };
    if (!url.searchParams.get('X-Amz-Signature')) return { status: 403, body: 'AccessDenied' };
    return {
      status: 200,
      body: stored.body,
      headers: {
        'Content-Type': String(stored.headers['content-type']),
        'Content-Disposition': String(stored.headers['content-disposition']),
      },
    };
  });
  return { ...server, objects };
};
