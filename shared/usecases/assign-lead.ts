import { eligibleManagers, pickWeightedRoundRobin, stickyOwner } from '../domain/routing';
import type { Assignment, Lead } from '../domain/types';
import { logger } from '../logger';
import { contactSummary } from './contact-summary';
import type { LeadDeps } from './lead-deps';

export type AssignOutcome = 'assigned' | 'waiting' | 'unchanged';

/**
 * Gives a `new` lead to a manager and announces it on the assignments queue. Safe to run again
 * at any point: the assignment is a conditional write (status still `new`), and an assignment
 * that was written but not yet announced is announced on the next run.
 */
export const assignLead = async (deps: LeadDeps, leadId: string): Promise<AssignOutcome> => {
  let lead = await deps.leads.get(leadId);
  if (!lead) return 'unchanged';
  let outcome: AssignOutcome = 'unchanged';

  if (lead.status === 'new' && !lead.managerId) {
    const assignment = await chooseAssignment(deps, lead);
    if (!assignment) {
      logger.info('lead waits: no eligible manager', { leadId });
      return 'waiting';
    }
    if ((await deps.leads.assign(leadId, assignment)) === 'assigned') {
      outcome = 'assigned';
      logger.info('lead assigned', {
        leadId,
        managerId: assignment.managerId,
        reason: assignment.reason,
      });
    }
    lead = (await deps.leads.get(leadId)) ?? lead;
  }

  if (lead.announcePending && lead.managerId && lead.assignedAt) {
    const contact = await deps.contacts.get(lead.contactId);
    if (contact) {
      await deps.assignments.publish({
        type: lead.kind === 'callback' ? 'callback.assigned' : 'lead.assigned',
        leadId: lead.id,
        managerId: lead.managerId,
        contact: contactSummary(contact),
        channel: lead.firstChannel,
        at: lead.assignedAt,
      });
    }
    await deps.leads.markAnnounced(lead.id, lead.assignedAt);
  }
  return outcome;
};

const chooseAssignment = async (deps: LeadDeps, lead: Lead): Promise<Assignment | undefined> => {
  const [contact, managers] = await Promise.all([
    deps.contacts.get(lead.contactId),
    deps.managers.list(),
  ]);
  const at = deps.now().toISOString();
  const owner = contact ? stickyOwner(contact, managers) : undefined;
  if (owner) return { managerId: owner.id, at, reason: 'owner', type: 'assigned' };

  const candidates = eligibleManagers(managers, 'acquisition');
  if (candidates.length === 0) return undefined;
  const ticket = await deps.routing.nextTicket('acquisition');
  const chosen = pickWeightedRoundRobin(candidates, ticket);
  return chosen ? { managerId: chosen.id, at, reason: 'round-robin', type: 'assigned' } : undefined;
};
