import { createHash } from 'node:crypto';
import type { Issue } from '../channels/types';
import type { HeldReason, HeldRequest, InboundRequest } from '../domain/quarantine';
import { routeLabel } from '../domain/quarantine';
import type { Clock, HeldMetrics, QuarantineStore } from '../ports';

export type HoldDeps = {
  readonly quarantine: QuarantineStore;
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

const cap = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max)}…`);

/**
 * Keeps an authenticated request that did not become events, durably, before its sender is
 * answered; a storage failure is thrown (the caller answers 503 and the sender retries).
 */
export const holdRequest = async (
  deps: HoldDeps,
  request: InboundRequest,
  outcome: {
    readonly reason: HeldReason;
    readonly issues: readonly Issue[];
    readonly authenticatedBy?: HeldRequest['authenticatedBy'];
  },
): Promise<{ readonly id: string; readonly result: 'held' | 'duplicate' }> => {
  const id = heldIdOf(request);
  const result = await deps.quarantine.hold({
    id,
    request,
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
