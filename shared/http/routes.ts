/**
 * Which paths belong to which function: the ingest function serves the public inbound routes
 * (each authenticated its own way), the api function everything else. The HTTP API in infra/
 * and the local server route by this same list.
 */
export const INGEST_PREFIX = {
  forms: '/v1/forms',
  telephony: '/v1/telephony',
  messengers: '/v1/messengers',
} as const;
export const INGEST_PREFIXES = Object.values(INGEST_PREFIX);

export const isIngestPath = (path: string): boolean =>
  INGEST_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
