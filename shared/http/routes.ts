/**
 * Which paths belong to which function: the ingest function serves the public inbound routes
 * (each authenticated its own way), the api function everything else. The HTTP API in infra/
 * and the local server route by this same list.
 */
export const INGEST_PREFIXES = ['/v1/forms', '/v1/telephony', '/v1/messengers'] as const;

export const isIngestPath = (path: string): boolean =>
  INGEST_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
