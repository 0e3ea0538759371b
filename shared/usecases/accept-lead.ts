import type { Lead } from '../domain/types';
import type { AssignmentQueue, Clock, ContactStore, LeadQueries, LeadWrites } from '../ports';
import { contactSummary } from './contact-summary';
import { acceptLead } from './manage-lead';

export type LeadUpdateDeps = {
  readonly leads: LeadQueries;
  readonly leadWrites: LeadWrites;
  readonly contacts: ContactStore;
  /** Where accepts and closes are announced (absent: nowhere, e.g. unit tests). */
  readonly assignments?: AssignmentQueue | undefined;
  readonly now: Clock;
  readonly timeZone: string;
};

export type AcceptResult =
  | { readonly outcome: 'accepted'; readonly lead: Lead; readonly already: boolean }
  | { readonly outcome: 'not_found' }
  /** A manager accepting a lead that is not (or no longer) theirs. */
  | { readonly outcome: 'not_yours'; readonly lead: Lead }
  /** New (not offered yet) or closed. */
  | { readonly outcome: 'not_assigned'; readonly lead: Lead }
  /** Reassigned or closed while this accept was on its way. */
  | { readonly outcome: 'moved'; readonly lead: Lead };

/**
 * A manager takes a lead — from the API (`POST /v1/leads/{id}/accept`, where a head may do it on
 * the manager's behalf: `managerId` undefined) or from the Telegram button. The accept is
 * conditional on this very offer (manager and time), so it is safe against the SLA's
 * reassignment: exactly one of them wins. Accepting a lead its manager has accepted already
 * changes nothing and answers as the first time (`already`), and announces lead.accepted again:
 * a caller retrying after a failed announcement gets it out at last, and each destination still
 * gets one delivery of it (the delivery id is derived from the event's).
 */
export const acceptLeadById = async (
  deps: LeadUpdateDeps,
  leadId: string,
  by: { readonly managerId?: string | undefined },
): Promise<AcceptResult> => {
  const lead = await deps.leads.get(leadId);
  if (!lead) return { outcome: 'not_found' };
  if (by.managerId !== undefined && lead.managerId !== by.managerId) {
    return { outcome: 'not_yours', lead };
  }
  if (lead.status === 'accepted') {
    await announceLeadUpdate(deps, lead, 'lead.accepted');
    return { outcome: 'accepted', lead, already: true };
  }
  if (lead.status !== 'assigned' || !lead.managerId) return { outcome: 'not_assigned', lead };

  const result = await acceptLead(deps, lead, deps.now().toISOString());
  const current = (await deps.leads.get(leadId)) ?? lead;
  const ours = current.status === 'accepted' && current.managerId === lead.managerId;
  if (result !== 'accepted' && !ours) return { outcome: 'moved', lead: current };
  await announceLeadUpdate(deps, current, 'lead.accepted');
  return { outcome: 'accepted', lead: current, already: result !== 'accepted' };
};

/** Puts lead.accepted / lead.closed on the assignments queue for the webhooks. */
export const announceLeadUpdate = async (
  deps: Pick<LeadUpdateDeps, 'contacts' | 'assignments' | 'now'>,
  lead: Lead,
  type: 'lead.accepted' | 'lead.closed',
): Promise<void> => {
  if (!deps.assignments) return;
  const contact = await deps.contacts.get(lead.contactId);
  await deps.assignments.publish({
    type,
    leadId: lead.id,
    ...(lead.managerId ? { managerId: lead.managerId } : {}),
    contact: contact ? contactSummary(contact) : { id: lead.contactId },
    channel: lead.firstChannel,
    at: (type === 'lead.accepted' ? lead.acceptedAt : lead.closedAt) ?? deps.now().toISOString(),
    ...(type === 'lead.closed' && lead.outcome ? { outcome: lead.outcome } : {}),
  });
};
