import { createHash } from 'node:crypto';
import type { Issue } from '../channels/types';
import { sha256Hex } from '../crypto';
import type { HeldReason, HeldRequest, InboundRequest, PlainSecrets } from '../domain/quarantine';
import { routeLabel } from '../domain/quarantine';
import type { Clock, HeldMetrics, QuarantineStore } from '../ports';

export type HoldDeps = {
  readonly quarantine: Pick<QuarantineStore, 'hold'>;
  readonly metrics: HeldMetrics;
  readonly now: Clock;
};

/**
 * A held request's id: the same for the same bytes sent to the same URL, so a sender's retries
 * of one request we cannot read are one entry.
 */
export const heldIdOf = (request: InboundRequest): string =>
  createHash('sha256')
    .update(
      [request.route, request.name, request.method, request.subPath, request.query, ''].join('\n'),
    )
    .update(request.bytes)
    .digest('hex')
    .slice(0, 40);

/** A secret this long is replaced wherever it appears; a shorter one only as a whole JSON string. */
const ANYWHERE_FROM = 16;

const replaceAll = (bytes: Buffer, from: string, to: string): Buffer => {
  const needle = Buffer.from(from, 'utf8');
  if (needle.length === 0) return bytes;
  const parts: Buffer[] = [];
  let start = 0;
  for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, start)) {
    parts.push(bytes.subarray(start, at), Buffer.from(to, 'utf8'));
    start = at + needle.length;
  }
  if (parts.length === 0) return bytes;
  parts.push(bytes.subarray(start));
  return Buffer.concat(parts);
};

/**
 * The request as it may be kept: each plain shared secret replaced by its sha256 hex — a
 * header's value, and a secret's occurrences in the body (as a JSON string; a long one also
 * raw or URL-encoded: a short one could be somebody's words too). The rest stays byte for byte.
 */
export const sealSecrets = (request: InboundRequest, secrets?: PlainSecrets): InboundRequest => {
  if (!secrets?.headers?.length && !secrets?.inBody?.length) return request;
  const headers = { ...request.headers };
  for (const name of secrets?.headers ?? []) {
    const value = headers[name];
    if (value !== undefined) headers[name] = sha256Hex(value);
  }
  let body: Buffer = Buffer.from(request.bytes);
  for (const secret of new Set(secrets?.inBody ?? [])) {
    if (secret === '') continue;
    const hash = sha256Hex(secret);
    body = replaceAll(body, JSON.stringify(secret), JSON.stringify(hash));
    if (secret.length < ANYWHERE_FROM) continue;
    const encodings = [
      secret,
      JSON.stringify(secret).slice(1, -1),
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
    ];
    for (const encoded of new Set(encodings)) body = replaceAll(body, encoded, hash);
  }
  return { ...request, headers, bytes: new Uint8Array(body) };
};

const cap = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max)}…`);

/**
 * Keeps an authenticated request that did not become events, durably, before its sender is
 * answered (its plain shared secrets only as hashes); a storage failure is thrown (the caller
 * answers 503 and the sender retries).
 */
export const holdRequest = async (
  deps: HoldDeps,
  request: InboundRequest,
  outcome: {
    readonly reason: HeldReason;
    readonly issues: readonly Issue[];
    readonly authenticatedBy?: HeldRequest['authenticatedBy'];
    readonly secrets?: PlainSecrets | undefined;
  },
): Promise<{ readonly id: string; readonly result: 'held' | 'duplicate' }> => {
  const kept = sealSecrets(request, outcome.secrets);
  const id = heldIdOf(kept);
  const result = await deps.quarantine.hold({
    id,
    request: kept,
    status: 'held',
    reason: outcome.reason,
    issues: outcome.issues
      .slice(0, 20)
      .map((issue) => ({ path: cap(issue.path, 200), message: cap(issue.message, 500) })),
    authenticatedBy: outcome.authenticatedBy,
    updatedAt: deps.now().toISOString(),
    reprocessAttempts: 0,
  });
  if (result === 'held') deps.metrics.held(routeLabel(request), outcome.reason);
  return { id, result };
};
