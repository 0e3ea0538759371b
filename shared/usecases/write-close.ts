import { type Close, closeContribution, closeDelta } from '../domain/deals/close';
import { funnelStep } from '../domain/leads/funnel';
import type { Lead } from '../domain/types';
import type { CloseResult, DealRecord, LeadQueries, LeadWrites } from '../ports';

export type CloseDeps = {
  readonly leadWrites: LeadWrites;
  /** To read a lead again when a call moved its funnel stage meanwhile. */
  readonly leads: Pick<LeadQueries, 'get'>;
  readonly timeZone: string;
};

/** Rounds of "a call moved the lead's funnel stage meanwhile" before giving up as changed. */
export const ROUNDS = 5;

/**
 * Writes a close (or a CRM deal's close replacing the one the lead shows), with what it moves:
 * the funnel, the won deals and revenue by day, manager and client. When only the funnel stage
 * moved meanwhile (a call), it reads the lead again and decides again; any other change
 * ('changed': closed, reassigned) or a deal kept before is for the caller.
 */
export const writeClose = async (
  deps: CloseDeps,
  lead: Lead,
  close: Close,
  options: {
    readonly managerId?: string | undefined;
    readonly replace?: boolean;
    readonly deal?: (lead: Lead) => DealRecord;
  } = {},
): Promise<{ result: CloseResult; lead: Lead }> => {
  let current = lead;
  for (let round = 0; round < ROUNDS; round++) {
    const replaces = options.replace ? current : undefined;
    const after: Lead = {
      ...current,
      status: 'closed',
      outcome: close.outcome,
      closedAt: close.closedAt,
      amountMinor: close.amountMinor,
      currency: close.currency,
    };
    const step = close.outcome === 'won' ? funnelStep(current, 'won', deps.timeZone) : undefined;
    const result = await deps.leadWrites.close(current, {
      close,
      managerId: options.managerId,
      replaces,
      funnel: step,
      leadCounters: step?.counters,
      month: closeDelta(
        replaces && closeContribution(replaces, deps.timeZone),
        closeContribution(after, deps.timeZone),
      ),
      deal: options.deal?.(current),
    });
    if (result !== 'changed' || !step) return { result, lead: current };
    const again = await deps.leads.get(lead.id);
    const sameClose =
      again !== undefined &&
      again.status === current.status &&
      again.outcome === current.outcome &&
      again.closedAt === current.closedAt &&
      again.amountMinor === current.amountMinor &&
      again.currency === current.currency &&
      again.managerId === current.managerId;
    if (!sameClose || again.funnelStage === current.funnelStage) return { result, lead: current };
    current = again;
  }
  return { result: 'changed', lead: current };
};
