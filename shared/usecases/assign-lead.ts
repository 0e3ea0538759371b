import { assignedCounts, breachedCounts, reassignedCounts } from '../domain/leads/counters';
import type { AssignmentMessage } from '../domain/messages';
import { decideRouting } from '../domain/routing';
import type { Contact, Lead, Manager, Team } from '../domain/types';
import { nextOpening } from '../domain/working-hours';
import { logger } from '../logger';
import { contactSummary } from './contact-summary';
import type { LeadDeps } from './lead-deps';

export type AssignOutcome = 'assigned' | 'waiting' | 'unchanged';

/** Waiting leads taken per wake-up; more are taken by the next one. */
const WAITING_BATCH = 25;

/**
 * Gives a `new` lead to a manager (routing: owner, then the team's strategy, among managers at
 * work), schedules its accept deadline and announces it. With nobody eligible it waits in its
 * team's line and a wake-up is scheduled for the next opening. Safe to run again at any point:
 * the assignment is conditional on the lead still being `new`, and a written but unannounced
 * assignment is announced on the next run.
 */
export const assignLead = async (
  deps: LeadDeps,
  leadId: string,
  known: { readonly lead?: Lead; readonly contact?: Contact } = {},
): Promise<AssignOutcome> => {
  let lead = known.lead ?? (await deps.leads.get(leadId));
  if (!lead) return 'unchanged';
  let outcome: AssignOutcome = 'unchanged';

  if (lead.status === 'new' && !lead.managerId) {
    const managers = await deps.managers.list();
    const decision = await decide(deps, lead, managers, [], known.contact);
    if ('waiting' in decision) {
      if (lead.waitingTeam !== decision.waiting) {
        await deps.leadWrites.markWaiting(lead, decision.waiting);
      }
      await scheduleWake(deps, decision.waiting, managers);
      logger.info('lead waits: nobody eligible', { leadId, team: decision.waiting });
      return 'waiting';
    }
    const at = deps.now().toISOString();
    const assignment = {
      managerId: decision.managerId,
      at,
      reason: decision.reason,
      type: 'assigned',
    } as const;
    const counters = assignedCounts(lead, decision.managerId, deps.timeZone);
    if ((await deps.leadWrites.assign(lead, assignment, counters)) === 'assigned') {
      outcome = 'assigned';
      // The first manager a contact is given becomes its owner (sticky routing).
      await deps.leadWrites.setOwner(lead.contactId, decision.managerId);
      logger.info('lead assigned', {
        leadId,
        managerId: decision.managerId,
        reason: decision.reason,
      });
      await scheduleAcceptCheck(deps, leadId, decision.managerId, at);
      // As written: no need to read it back.
      lead = {
        ...lead,
        status: 'assigned',
        managerId: decision.managerId,
        assignedAt: at,
        assignReason: decision.reason,
        assignType: 'assigned',
        announcePending: true,
        waitingTeam: undefined,
      };
    } else {
      lead = (await deps.leads.get(leadId)) ?? lead; // someone else got there first
    }
  }

  await announcePending(
    deps,
    lead,
    lead.kind === 'callback' ? 'callback.assigned' : 'lead.assigned',
    known.contact,
  );
  return outcome;
};

/**
 * The accept deadline passed: a lead still not accepted by this offer goes to the next eligible
 * manager (the offer counts as not answered); with nobody else, it stays and the breach is
 * counted once, and it is checked again after another timeout. The sla queue may bring a check
 * more than once (SQS delivers at least once; the router sends a record's follow-ups again when
 * the record is delivered again): only one copy moves the lead (the move is conditional on the
 * offer), and only the copy that takes the check (`claimAcceptCheck`, one conditional write per
 * breach) schedules the next one — else each copy would become a chain of checks of its own.
 * `delivery` is the SQS message id: that same message delivered again, after a run that failed
 * before its next check went out, may take its check again.
 */
export const checkAcceptance = async (
  deps: LeadDeps,
  check: {
    readonly leadId: string;
    readonly managerId: string;
    readonly assignedAt: string;
    readonly dueAt: string;
  },
  delivery: string,
): Promise<'accepted_or_moved' | 'reassigned' | 'breached' | 'duplicate'> => {
  const lead = await deps.leads.get(check.leadId);
  if (
    lead?.status !== 'assigned' ||
    lead.managerId !== check.managerId ||
    lead.assignedAt !== check.assignedAt
  ) {
    return 'accepted_or_moved';
  }
  const managers = await deps.managers.list();
  const decision = await decide(deps, lead, managers, [check.managerId]);
  const at = deps.now().toISOString();
  if (!('waiting' in decision)) {
    const result = await deps.leadWrites.reassign(
      lead,
      { managerId: check.managerId, assignedAt: check.assignedAt },
      { managerId: decision.managerId, at, reason: decision.reason, type: 'reassigned' },
      reassignedCounts(lead, check.managerId, deps.timeZone, decision.managerId),
    );
    if (result === 'changed') return 'accepted_or_moved'; // accepted meanwhile: it wins
    logger.info('lead reassigned: not accepted in time', {
      leadId: lead.id,
      from: check.managerId,
      to: decision.managerId,
    });
    await scheduleAcceptCheck(deps, lead.id, decision.managerId, at);
    const moved = (await deps.leads.get(lead.id)) ?? lead;
    await announcePending(deps, moved, 'lead.reassigned');
    return 'reassigned';
  }
  const taken = await deps.leadWrites.claimAcceptCheck(lead.id, {
    assignedAt: check.assignedAt,
    dueAt: check.dueAt,
    by: delivery,
  });
  if (!taken) return 'duplicate';
  await deps.leadWrites.markSlaBreach(
    lead.id,
    check.assignedAt,
    breachedCounts(lead, check.managerId, deps.timeZone),
  );
  await deps.sla.schedule({
    type: 'accept-check',
    leadId: lead.id,
    managerId: check.managerId,
    assignedAt: check.assignedAt,
    dueAt: nextCheckDue(check, deps.now(), deps.acceptTimeoutSeconds),
  });
  return 'breached';
};

/**
 * The check after a breached one: the first point of the offer's grid (its time plus whole
 * timeouts) after both now and the check's own due time. On the grid, two chains that somehow
 * both went on (the same message run twice at once) meet at the same due time, where one takes
 * the check and the other ends.
 */
export const nextCheckDue = (
  check: { readonly assignedAt: string; readonly dueAt: string },
  now: Date,
  timeoutSeconds: number,
): string => {
  const start = Date.parse(check.assignedAt);
  const step = Math.max(timeoutSeconds, 1) * 1000; // a timeout of 0 would not move on
  const from = Math.max(now.getTime(), Date.parse(check.dueAt));
  return new Date(start + (Math.floor((from - start) / step) + 1) * step).toISOString();
};

/** Offers a team's waiting leads, oldest first, while someone can take them. */
export const assignWaiting = async (deps: LeadDeps, team: Team): Promise<number> => {
  let assigned = 0;
  for (;;) {
    const waiting = await deps.leads.waiting(team, WAITING_BATCH);
    if (waiting.length === 0) return assigned;
    for (const lead of waiting) {
      const result = await assignLead(deps, lead.id);
      if (result === 'waiting') return assigned; // nobody eligible any more; a wake is scheduled
      if (result === 'assigned') assigned++;
    }
    if (waiting.length < WAITING_BATCH) return assigned;
  }
};

/**
 * A new lead as routing makes it: offered to a manager (its first offer), or waiting for its
 * team when nobody can take it now. Written by the caller, in the write that opens it.
 */
export const routeNewLead = async (
  deps: LeadDeps,
  draft: Lead,
  contact: Contact,
): Promise<Lead> => {
  const managers = await deps.managers.list();
  const decision = await decide(deps, draft, managers, [], contact);
  if ('waiting' in decision) return { ...draft, status: 'new', waitingTeam: decision.waiting };
  return {
    ...draft,
    status: 'assigned',
    managerId: decision.managerId,
    assignedAt: deps.now().toISOString(),
    assignReason: decision.reason,
    assignType: 'assigned',
  };
};

/**
 * What follows a lead opened by an event, run again as often as the event comes back (each step
 * is safe to repeat: the accept check looks at the offer it was made for, an announcement is
 * one delivery per offer): its accept deadline and announcement while its first offer stands,
 * or a wake-up for its team's line while it waits.
 */
export const followUpNewLead = async (
  deps: LeadDeps,
  lead: Lead,
  contact: Contact | undefined,
  type: 'lead.assigned' | 'callback.assigned',
): Promise<void> => {
  if (lead.status === 'assigned' && lead.assignType !== 'reassigned') {
    if (!lead.managerId || !lead.assignedAt) return;
    await scheduleAcceptCheck(deps, lead.id, lead.managerId, lead.assignedAt);
    if (contact)
      await publishAssignment(deps, lead, lead.managerId, lead.assignedAt, contact, type);
    // The router holds the deadline and the announcement until its batch ends (and fails the
    // record if they do not go out): handed on, not yet sent.
    logger.info('lead assigned: accept deadline and announcement handed on', {
      leadId: lead.id,
      managerId: lead.managerId,
      reason: lead.assignReason,
      announcement: contact !== undefined, // none without the contact to show
    });
  } else if (lead.status === 'new' && lead.waitingTeam) {
    await scheduleWake(deps, lead.waitingTeam, await deps.managers.list());
    logger.info('lead waits: nobody eligible', { leadId: lead.id, team: lead.waitingTeam });
  }
};

/** The lead's contact: the one the caller already read when it is this lead's, else read. */
const contactOf = async (deps: LeadDeps, lead: Lead, known?: Contact) =>
  known?.id === lead.contactId ? known : deps.contacts.get(lead.contactId);

/** Tells the notify function that a manager has the lead (a message per destination follows). */
const publishAssignment = (
  deps: LeadDeps,
  lead: Lead,
  managerId: string,
  at: string,
  contact: Contact,
  type: AssignmentMessage['type'],
) =>
  deps.assignments.publish({
    type,
    leadId: lead.id,
    managerId,
    contact: contactSummary(contact),
    channel: lead.firstChannel,
    at,
  });

const decide = async (
  deps: LeadDeps,
  lead: Lead,
  managers: readonly Manager[],
  exclude: readonly string[] = [],
  knownContact?: Contact,
) => {
  const [contact, policies] = await Promise.all([
    contactOf(deps, lead, knownContact),
    deps.routing.policies(),
  ]);
  return decideRouting({
    contact: contact ?? {},
    managers,
    policies,
    loads: () => deps.routing.loads(),
    eligibility: { at: deps.now(), businessTimeZone: deps.timeZone, exclude },
    ticket: (team) => deps.routing.nextTicket(team),
  });
};

const scheduleAcceptCheck = (
  deps: LeadDeps,
  leadId: string,
  managerId: string,
  assignedAt: string,
) =>
  deps.sla.schedule({
    type: 'accept-check',
    leadId,
    managerId,
    assignedAt,
    dueAt: new Date(Date.parse(assignedAt) + deps.acceptTimeoutSeconds * 1000).toISOString(),
  });

/** A wake-up for the team's line at the earliest time one of its active managers starts work. */
const scheduleWake = async (deps: LeadDeps, team: Team, managers: readonly Manager[]) => {
  const now = deps.now();
  const openings = managers
    .filter((m) => m.active && m.team === team && m.weight > 0)
    .map((m) => nextOpening(m.workingHours, now, deps.timeZone))
    .filter((d): d is Date => d !== undefined)
    .sort((a, b) => a.getTime() - b.getTime());
  const first = openings[0];
  if (!first) return; // nobody active at all: a manager's update wakes the line
  await deps.sla.schedule({ type: 'assign-waiting', team, dueAt: first.toISOString() });
};

const announcePending = async (
  deps: LeadDeps,
  lead: Lead,
  type: AssignmentMessage['type'],
  knownContact?: Contact,
) => {
  if (!lead.announcePending || !lead.managerId || !lead.assignedAt) return;
  const contact = await contactOf(deps, lead, knownContact);
  if (contact) await publishAssignment(deps, lead, lead.managerId, lead.assignedAt, contact, type);
  await deps.leadWrites.markAnnounced(lead.id, lead.assignedAt);
};
