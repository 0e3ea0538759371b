import type { Issue } from '../channels/types';
import type { HeldReason, HeldRequest, HeldStatus, InboundRoute } from '../domain/quarantine';
import type { Clock, IntakeQueue, QuarantineStore } from '../ports';
import { readForm } from './inbound/forms';
import { readMessenger } from './inbound/messengers';
import { readTelephony } from './inbound/telephony';
import type { InboundDeps, InboundReader } from './inbound/types';

export type QuarantineDeps = InboundDeps & {
  readonly quarantine: QuarantineStore;
  readonly intake: IntakeQueue;
  readonly now: Clock;
};

/** The same readers the ingest routes use: reprocessing is today's parser on the kept bytes. */
const READERS: Readonly<Record<InboundRoute, InboundReader>> = {
  forms: readForm,
  telephony: readTelephony,
  messengers: readMessenger,
};

export type ReprocessResult =
  | { readonly outcome: 'not_found' }
  /** Reprocessed or discarded already (or by someone else meanwhile). */
  | { readonly outcome: 'not_held'; readonly status: HeldStatus }
  | { readonly outcome: 'reprocessed'; readonly eventIds: readonly string[] }
  | {
      readonly outcome: 'still_held';
      readonly reason: HeldReason;
      readonly issues: readonly Issue[];
    };

/**
 * Reads a held request again with today's channel modules, exactly as if it had just arrived
 * at its receipt time: the signature is checked again (its freshness as of receipt, when it was
 * fresh), a form's origin or token is not (it was checked at receipt and is not kept). The
 * events go to the intake queue with the ids they would have had then, so reprocessing twice,
 * or a sender's own late retry, is deduplicated like any repeat. Still unreadable, it stays
 * held with the new reason. A queue outage is thrown: nothing is marked, try again later.
 */
export const reprocessHeld = async (
  deps: QuarantineDeps,
  id: string,
  /** The request as a list just read it (its update is still conditional on `held`). */
  known?: HeldRequest,
): Promise<ReprocessResult> => {
  const held = known?.id === id ? known : await deps.quarantine.get(id);
  if (!held) return { outcome: 'not_found' };
  if (held.status !== 'held') return { outcome: 'not_held', status: held.status };
  const read = await READERS[held.request.route](held.request, deps, {
    verifyAt: held.request.receivedAt,
    authenticatedBy:
      held.request.route === 'forms' ? (held.authenticatedBy ?? 'origin') : undefined,
    fromQuarantine: true,
  });
  const at = deps.now().toISOString();

  const stillHeld = async (reason: HeldReason, issues: readonly Issue[]) => {
    const result = await deps.quarantine.update(id, { status: 'held', reason, issues, at });
    return result === 'updated'
      ? ({ outcome: 'still_held', reason, issues } as const)
      : await notHeld(deps, id);
  };

  switch (read.kind) {
    case 'refused':
      // A readable form without a usable phone or e-mail: not understood. Anything else: it no
      // longer authenticates (a rotated secret, a channel unconfigured, a site removed).
      return read.code === 'invalid_payload'
        ? stillHeld('not_understood', read.issues ?? [])
        : stillHeld('not_authenticated', [
            { path: '', message: `${read.code}${read.message ? `: ${read.message}` : ''}` },
          ]);
    case 'held':
      return stillHeld(read.reason, read.issues);
    case 'answer':
      return reprocessed(deps, held, []);
    case 'accepted':
      for (const message of read.messages) await deps.intake.send(message);
      return reprocessed(
        deps,
        held,
        read.messages.map((message) => message.eventId),
      );
  }
};

const reprocessed = async (
  deps: QuarantineDeps,
  held: HeldRequest,
  eventIds: readonly string[],
): Promise<ReprocessResult> => {
  const result = await deps.quarantine.update(held.id, {
    status: 'reprocessed',
    eventIds,
    at: deps.now().toISOString(),
  });
  return result === 'updated' ? { outcome: 'reprocessed', eventIds } : notHeld(deps, held.id);
};

const notHeld = async (deps: QuarantineDeps, id: string): Promise<ReprocessResult> => {
  const now = await deps.quarantine.get(id);
  return now ? { outcome: 'not_held', status: now.status } : { outcome: 'not_found' };
};

/** Drops a held request: it stays listed, `discarded`. */
export const discardHeld = async (
  deps: Pick<QuarantineDeps, 'quarantine' | 'now'>,
  id: string,
): Promise<
  | { readonly outcome: 'discarded' | 'not_found' }
  | { readonly outcome: 'not_held'; readonly status: HeldStatus }
> => {
  const held = await deps.quarantine.get(id);
  if (!held) return { outcome: 'not_found' };
  if (held.status !== 'held') return { outcome: 'not_held', status: held.status };
  const result = await deps.quarantine.update(id, {
    status: 'discarded',
    at: deps.now().toISOString(),
  });
  if (result === 'updated') return { outcome: 'discarded' };
  const now = await deps.quarantine.get(id);
  return now ? { outcome: 'not_held', status: now.status } : { outcome: 'not_found' };
};

export type ReprocessAllResult = {
  readonly reprocessed: number;
  readonly events: number;
  readonly stillHeld: number;
  /** Requests that could not be tried (the queue was down): the error of the first. */
  readonly failed: number;
  readonly firstError?: string | undefined;
};

/** Reprocesses every held request, oldest pages last (the list is newest first). */
export const reprocessAllHeld = async (
  deps: QuarantineDeps,
  onEach: (id: string, result: ReprocessResult) => void = () => {},
): Promise<ReprocessAllResult> => {
  const totals = { reprocessed: 0, events: 0, stillHeld: 0, failed: 0 };
  let firstError: string | undefined;
  let cursor: string | undefined;
  do {
    const page = await deps.quarantine.list({ status: 'held', limit: 100, cursor });
    for (const held of page.items) {
      try {
        const result = await reprocessHeld(deps, held.id, held);
        if (result.outcome === 'reprocessed') {
          totals.reprocessed++;
          totals.events += result.eventIds.length;
        } else if (result.outcome === 'still_held') totals.stillHeld++;
        onEach(held.id, result);
      } catch (error) {
        totals.failed++;
        firstError ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { ...totals, firstError };
};
