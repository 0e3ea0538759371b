import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { CsvExports } from '../ports';

/** Where exports are kept in the bucket (the api's role may put and read objects only here). */
export const EXPORTS_PREFIX = 'exports/';

/** How long a download link works: it is followed at once (the 303), so minutes are plenty. */
export const EXPORT_LINK_SECONDS = 600;

/**
 * Exports kept in an S3 bucket (private, encrypted, expired after a day by a lifecycle rule) and
 * handed out as presigned GET links. API Gateway's HTTP API cannot stream a response and Lambda
 * answers at most 6 MB, so a large export cannot be the response itself.
 */
export const createS3CsvExports = (
  s3: S3Client,
  bucket: string,
  options: { readonly newId: () => string; readonly origin: string },
): CsvExports => ({
  origin: options.origin,
  async save({ name, contentType, body }) {
    const key = `${EXPORTS_PREFIX}${options.newId()}/${name}`;
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ContentDisposition: `attachment; filename="${name}"`,
        CacheControl: 'no-store',
      }),
    );
    return getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn: EXPORT_LINK_SECONDS,
    });
  },
});

/** Where presigned links of the bucket point: the endpoint given (locally), else S3's own. */
export const exportsOrigin = (bucket: string, region: string | undefined, endpoint?: string) =>
  endpoint
    ? new URL(endpoint).origin
    : `https://${bucket}.s3.${region ?? 'us-east-1'}.amazonaws.com`;
