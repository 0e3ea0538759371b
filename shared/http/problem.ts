import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Every error code switchboard answers with (docs/api.md), and the status each one means. */
export const ERROR_STATUS = {
  invalid_payload: 400,
  unauthorized: 401,
  bad_signature: 401,
  forbidden: 403,
  not_found: 404,
  unknown_site: 404,
  unknown_provider: 404,
  unknown_channel: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  invalid_payload: 'The request body or parameters are not valid.',
  unauthorized: 'A valid API key is required: Authorization: Bearer <key>.',
  bad_signature: 'The request signature is missing or does not match.',
  forbidden: 'This key or origin may not do that.',
  not_found: 'Nothing here.',
  unknown_site: 'No site is registered under this key.',
  unknown_provider: 'This telephony provider is not known or not configured.',
  unknown_channel: 'This messenger channel is not known or not configured.',
  conflict: 'The resource is not in a state that allows this.',
  payload_too_large: 'The request body is too large.',
  unsupported_media_type: 'This content type is not accepted here.',
  rate_limited: 'Too many requests; retry later.',
  internal: 'Something went wrong on our side; retry later.',
  unavailable: 'The service is temporarily unavailable; retry later.',
};

import type { Issue } from '../channels/types';

export type { Issue };

export type ProblemBody = {
  error: ErrorCode;
  message: string;
  issues?: { path: string; message: string }[];
};

export const problemBody = (
  code: ErrorCode,
  message?: string,
  issues?: readonly Issue[],
): ProblemBody => ({
  error: code,
  message: message ?? DEFAULT_MESSAGES[code],
  ...(issues && issues.length > 0
    ? { issues: issues.map(({ path, message: text }) => ({ path, message: text })) }
    : {}),
});

/** The one way an error leaves a hono app: `{ error, message, issues? }` with its status. */
export const problem = <C extends ErrorCode>(
  c: Context,
  code: C,
  message?: string,
  issues?: readonly Issue[],
) => c.json(problemBody(code, message, issues), ERROR_STATUS[code] as (typeof ERROR_STATUS)[C]);

/** AWS SDK service errors and network failures: the dependency is down, not our code. */
export const isUnavailable = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { $metadata?: unknown; code?: string; $fault?: string };
  if (e.$metadata !== undefined || e.$fault !== undefined) return true;
  const networkCodes = [
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'EPIPE',
    'ENOTFOUND',
    'EAI_AGAIN',
  ];
  if (e.code && networkCodes.includes(e.code)) return true;
  return e.name === 'TimeoutError' || e.name === 'AbortError';
};
