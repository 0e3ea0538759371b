import { acceptedCounts } from '../domain/leads/counters';
import type { Lead, LeadOutcome } from '../domain/types';
import type { LeadWrites } from '../ports';

type Deps = { readonly leadWrites: LeadWrites; readonly timeZone: string };

/**
 * The lead's manager takes it (a head may on their behalf): only while the offer it was read
 * with still stands, so it races safely with a reassignment; counts its time to accept.
 */
export const acceptLead = async (
  deps: Deps,
  lead: Lead,
  at: string,
): Promise<'accepted' | 'changed'> => {
  if (!lead.managerId || !lead.assignedAt) return 'changed';
  return deps.leadWrites.accept(lead, at, acceptedCounts(lead, lead.managerId, at, deps.timeZone));
};

/**
 * Closes a lead as won, lost or spam and frees its contact for a new lead. With `managerId`
 * (a manager's own key) only while the lead is that manager's.
 */
export const closeLead = async (
  deps: Deps,
  lead: Lead,
  outcome: LeadOutcome,
  at: string,
  managerId?: string,
): Promise<'closed' | 'already_closed' | 'not_assigned_to_manager'> => {
  if (lead.status === 'closed') return 'already_closed';
  if (managerId && lead.managerId !== managerId) return 'not_assigned_to_manager';
  if ((await deps.leadWrites.close(lead, outcome, at, managerId)) !== 'closed') {
    return 'already_closed';
  }
  await deps.leadWrites.releaseContact(lead.contactId, lead.id);
  return 'closed';
};
