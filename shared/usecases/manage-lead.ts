import type { Close } from '../domain/deals/close';
import { acceptedCounts, addDeltas } from '../domain/leads/counters';
import { funnelStep } from '../domain/leads/funnel';
import type { Lead, LeadOutcome } from '../domain/types';
import { type CloseDeps as Deps, ROUNDS, writeClose } from './write-close';

/**
 * The lead's manager takes it (a head may on their behalf): only while the offer it was read
 * with still stands, so it races safely with a reassignment; counts its time to accept and its
 * funnel stage. A call that moved the funnel meanwhile is no reason to refuse: it reads again.
 */
export const acceptLead = async (
  deps: Deps,
  lead: Lead,
  at: string,
): Promise<'accepted' | 'changed'> => {
  if (!lead.managerId || !lead.assignedAt) return 'changed';
  let current = lead;
  for (let round = 0; round < ROUNDS; round++) {
    const step = funnelStep(current, 'accepted', deps.timeZone);
    const counts = acceptedCounts(current, lead.managerId, at, deps.timeZone);
    const result = await deps.leadWrites.accept(
      current,
      at,
      addDeltas(counts, step?.counters),
      step,
    );
    if (result === 'accepted' || !step) return result;
    const again = await deps.leads.get(lead.id);
    const offerStands =
      again?.status === 'assigned' &&
      again.managerId === lead.managerId &&
      again.assignedAt === lead.assignedAt;
    if (!offerStands || again.funnelStage === current.funnelStage) return 'changed';
    current = again;
  }
  return 'changed';
};

/** What a close says besides its outcome: the deal's amount (minor units), currency, why. */
export type CloseDetails = Omit<Close, 'outcome' | 'closedAt'>;

/**
 * Closes a lead as won, lost or spam and frees its contact for a new lead. With `managerId`
 * (a manager's own key) only while the lead is that manager's. A won close counts one won deal
 * and its amount for the lead's manager and its client; the funnel counts the lead as won.
 */
export const closeLead = async (
  deps: Deps,
  lead: Lead,
  outcome: LeadOutcome,
  at: string,
  managerId?: string,
  details: CloseDetails = {},
): Promise<'closed' | 'already_closed' | 'not_assigned_to_manager'> => {
  if (lead.status === 'closed') return 'already_closed';
  if (managerId && lead.managerId !== managerId) return 'not_assigned_to_manager';
  const { result } = await writeClose(
    deps,
    lead,
    { ...details, outcome, closedAt: at },
    { managerId },
  );
  if (result !== 'closed') return 'already_closed';
  await deps.leadWrites.releaseContact(lead.contactId, lead.id);
  return 'closed';
};
