import type { LeadCounterDelta } from '../domain/leads/counters';
import type { FirstResponse } from '../domain/leads/first-response';
import type { Assignment, Lead, LeadChannel, LeadStatus, Team, Touch } from '../domain/types';
import type { CloseResult, CloseWrite, FunnelMove } from './month';

// Leads, by concern: the markers of inbound events handled, the writes that move a lead through
// its life (each one conditional, with the counters the use case computed), and the reads. The
// rules (what counts where, which first wins, when to retry) live in shared/domain/leads and
// the use cases; these only say what to write and under which condition.

/** The durable record that an inbound event was handled, and what it became. */
export type EventOutcome =
  | { readonly type: 'lead_created'; readonly leadId: string }
  | { readonly type: 'lead_touched'; readonly leadId: string };

/**
 * Written last, in the transaction that counts what the event did: found, the event is done
 * except for its follow-ups (announcements, checks), which are safe to send again.
 */
export type EventMarker = {
  readonly eventId: string;
  readonly outcome: EventOutcome;
  /** When the message that carried it was received: the same again is a redelivery of it. */
  readonly receivedAt: string;
  readonly expiresAt: number;
};

export type NewEventMarker = EventMarker;

export interface LeadEventMarkers {
  /** The marker of an event handled within its dedupe window (an expired one is no marker). */
  find(eventId: string, now: Date): Promise<EventMarker | undefined>;
}

export type CallbackResolution = 'called_back' | 'client_recontact';

export type TouchResult = 'touched' | 'duplicate_event' | 'lead_not_open';

export interface LeadWrites {
  /**
   * The lead as decided (new and waiting, or assigned), carrying its first touch, only if no
   * lead has this id yet ('exists': an earlier try of this very event wrote it).
   */
  openLead(input: { readonly lead: Lead; readonly touch: Touch }): Promise<'created' | 'exists'>;
  /**
   * Counts a new lead, exactly once: the event's marker, the counters given and (assigned)
   * one more open lead for its manager, atomically; 'duplicate_event' when the marker is there.
   */
  countOpened(input: {
    readonly marker: NewEventMarker;
    readonly now: Date;
    readonly counters: LeadCounterDelta;
    readonly assigned?: { readonly managerId: string; readonly at: string } | undefined;
  }): Promise<'counted' | 'duplicate_event'>;
  /**
   * Points the contact at its open inquiry (written just before) as its open and latest lead,
   * seen at `seenAt`, and makes `ownerId` its owner if it has none: only while it points at no
   * other open lead; 'taken' when it does.
   */
  claimContact(
    contactId: string,
    leadId: string,
    claim: { readonly seenAt: string; readonly ownerId?: string },
  ): Promise<'claimed' | 'taken'>;
  /**
   * Removes a lead this event wrote and lost its contact with (another lead took the contact
   * first): never counted, never announced.
   */
  dropLead(leadId: string): Promise<void>;
  /** Makes the manager the contact's owner if it has none (sticky routing). */
  setOwner(contactId: string, managerId: string): Promise<void>;
  /**
   * Marker + touch + the lead's touch count and channels, atomically, only while the lead is
   * open; with the counters given (none: a touch that metrics do not count).
   */
  addTouch(input: {
    readonly marker: NewEventMarker;
    readonly leadId: string;
    readonly touch: Touch;
    readonly now: Date;
    readonly counters?: LeadCounterDelta | undefined;
  }): Promise<TouchResult>;
  /** Adds to the lead counters (a duplicate dropped, …). */
  addCounts(counters: LeadCounterDelta): Promise<void>;
  /** Clears the contact's pointer to a lead that is no longer open. */
  releaseContact(contactId: string, leadId: string): Promise<void>;
  /**
   * Assigns a lead that is still `new` (makes the manager the contact's owner if it has none,
   * adds one to the manager's load), with the counters given; 'not_new' when someone else got
   * there first.
   */
  assign(
    lead: Lead,
    assignment: Assignment,
    counters?: LeadCounterDelta,
  ): Promise<'assigned' | 'not_new'>;
  /**
   * Moves an assigned, unaccepted lead from one offer (manager and time) to another manager,
   * only if that offer still stands; 'changed' when it does not.
   */
  reassign(
    lead: Lead,
    from: { readonly managerId: string; readonly assignedAt: string },
    to: Assignment,
    counters: LeadCounterDelta,
  ): Promise<'reassigned' | 'changed'>;
  /** The offer made at `assignedAt` ran out with nobody else to take it: counted once per offer. */
  markSlaBreach(leadId: string, assignedAt: string, counters: LeadCounterDelta): Promise<void>;
  /**
   * Takes the accept check of the offer made at `check.assignedAt` that is due at `check.dueAt`,
   * as the SQS message `check.by`, while the offer stands: true for the first copy of that check
   * to come (and for that same message delivered again, when its first run failed), false for
   * any other copy and for a check older than one already taken. Only the taker schedules the
   * next check, so copies of a check never become chains of their own.
   */
  claimAcceptCheck(
    leadId: string,
    check: { readonly assignedAt: string; readonly dueAt: string; readonly by: string },
  ): Promise<boolean>;
  /** Parks a lead that is still `new` and nobody can take now in its team's waiting line. */
  markWaiting(lead: Lead, team: Team): Promise<void>;
  markAnnounced(leadId: string, assignedAt: string): Promise<void>;
  /**
   * Its manager takes the lead, only while the offer it was read with stands (and, with a funnel
   * move, the lead's stage is still the one it moves from); else 'changed'.
   */
  accept(
    lead: Lead,
    at: string,
    counters: LeadCounterDelta,
    funnel?: FunnelMove,
  ): Promise<'accepted' | 'changed'>;
  /**
   * Closes a lead that is not closed yet (and, with `managerId`, still that manager's), or
   * replaces the close it shows (`replaces`): its outcome, amount and reason, its manager's load,
   * a won deal on its contact, the funnel, the month's won deals and revenue, the CRM's deal.
   * 'changed' when a condition no longer holds; 'duplicate_deal' when the deal was kept before.
   */
  close(lead: Lead, write: CloseWrite): Promise<CloseResult>;
  /** Closes a callback task: the client was called back, or called again and got through. */
  resolveCallback(lead: Lead, resolution: CallbackResolution, at: string): Promise<void>;
  /**
   * Writes a first attempt or contact, only while the lead still shows the first it replaces
   * (none: while it has none) and the funnel stage it moves from; 'changed' when another got
   * there first.
   */
  recordFirst(
    leadId: string,
    first: FirstResponse,
    funnel?: FunnelMove,
  ): Promise<'recorded' | 'changed'>;
  /**
   * Writes the lead's first effective conversation, only while it shows the one it replaces
   * (none: while it has none) and the funnel stage it moves from, with the counters given.
   */
  recordEffective(
    leadId: string,
    effective: { readonly at: string; readonly replaces?: string | undefined },
    counters?: LeadCounterDelta,
    funnel?: FunnelMove,
  ): Promise<'recorded' | 'changed'>;
}

export type LeadListQuery = {
  readonly status?: LeadStatus | undefined;
  readonly managerId?: string | undefined;
  readonly channel?: LeadChannel | undefined;
  readonly from?: string | undefined; // ISO instant, inclusive
  readonly to?: string | undefined; // ISO instant, exclusive
  readonly limit: number;
  readonly cursor?: string | undefined;
};

export type LeadPage = { readonly items: readonly Lead[]; readonly nextCursor: string | null };

export type LeadDetail = {
  readonly lead: Lead;
  readonly touches: readonly Touch[];
  readonly assignments: readonly Assignment[];
};

export type LeadCounterRow = {
  readonly day: string;
  readonly managerId?: string | undefined;
  readonly values: Readonly<Record<string, number>>;
};

export interface LeadQueries {
  /** The lead as last written (a consistent read). */
  get(leadId: string): Promise<Lead | undefined>;
  /** The team's waiting leads, oldest first. */
  waiting(team: Team, limit: number): Promise<readonly Lead[]>;
  list(query: LeadListQuery): Promise<LeadPage>;
  detail(leadId: string): Promise<LeadDetail | undefined>;
  /** Lead counter rows of these days: the totals and every manager's, or one manager's. */
  counters(days: readonly string[], managerId?: string): Promise<readonly LeadCounterRow[]>;
}
