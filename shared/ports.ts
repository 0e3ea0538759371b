import type { CallClassification } from './domain/calls/classify';
import type {
  CallbackOutcome,
  Contribution,
  CounterDelta,
  CounterValues,
} from './domain/calls/counters';
import type { CallState } from './domain/calls/fold';
import type { CallDirection, CallEvent } from './domain/calls/types';
import type { ManagerLoad, RoutingPolicy } from './domain/routing';
import type {
  ApiKeyRecord,
  Assignment,
  Contact,
  Lead,
  LeadChannel,
  LeadOutcome,
  LeadStatus,
  Manager,
  MessengerAccount,
  Site,
  Team,
  Touch,
} from './domain/types';
import type { IntakeMessage, QueuedEvent, SlaMessage } from './queue/messages';

/** The interfaces the use cases need, in domain words. Adapters own the SDKs. */

export type Clock = () => Date;
export type IdGenerator = () => string;

export interface IntakeQueue {
  /** Resolves only once the message is durably queued; throws when the queue is unreachable. */
  send(message: IntakeMessage): Promise<void>;
}

export interface AssignmentQueue {
  /** Announcements for managers (lead.assigned, …) and the events webhooks publish. */
  publish(message: QueuedEvent): Promise<void>;
}

export type ContactProfile = {
  readonly name?: string | undefined;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  readonly messenger?: MessengerAccount | undefined;
};

export interface ContactStore {
  /** contactId per identity key, for the keys that are known. */
  findByIdentities(keys: readonly string[]): Promise<ReadonlyMap<string, string>>;
  get(contactId: string): Promise<Contact | undefined>;
  getMany(contactIds: readonly string[]): Promise<ReadonlyMap<string, Contact>>;
  /** Creates the contact and claims all its identities at once, or nothing. */
  create(contact: Contact, identityKeys: readonly string[]): Promise<'created' | 'identity_taken'>;
  /**
   * Claims identities for an existing contact (each only if nobody holds it) and adds what the
   * profile brings. Returns the keys it claimed.
   */
  enrich(
    contactId: string,
    identityKeys: readonly string[],
    profile: ContactProfile,
    at: string,
  ): Promise<readonly string[]>;
  /**
   * Moves a messenger account from the contact that holds it to another, in one conditional
   * write: only while `fromContactId` still holds it and still has no phone (a contact with a
   * phone is a person in its own right and is never taken apart). 'conflict' when either
   * condition no longer holds.
   */
  moveMessenger(
    account: MessengerAccount,
    fromContactId: string,
    toContactId: string,
    at: string,
  ): Promise<'moved' | 'conflict'>;
}

/** The durable record that an inbound event was handled, and what it became. */
export type EventOutcome =
  | { readonly type: 'lead_created'; readonly leadId: string }
  | { readonly type: 'lead_touched'; readonly leadId: string };

export type EventMarker = {
  readonly eventId: string;
  readonly outcome: EventOutcome;
  /** Follow-ups (assignment, announcements) not yet confirmed done. */
  readonly pending: boolean;
  readonly expiresAt: number;
};

export type NewEventMarker = Omit<EventMarker, 'pending'>;

export type CallbackResolution = 'called_back' | 'client_recontact';

export type OpenLeadResult = 'created' | 'duplicate_event' | 'contact_has_open_lead';
export type TouchResult = 'touched' | 'duplicate_event' | 'lead_not_open';

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

/** Why an inbound event did not become a new lead. */
export type DuplicateReason = 'same_event' | 'open_lead' | 'cross_channel';

export interface LeadStore {
  findEvent(eventId: string, now: Date): Promise<EventMarker | undefined>;
  /**
   * Marker + lead + first touch + (for inquiries) the contact's open-lead pointer, atomically,
   * with the lead counters of its day (leads, channel, new or returning contact).
   * Callback tasks do not take the pointer: they live beside the contact's inquiry.
   */
  openLead(input: {
    readonly marker: NewEventMarker;
    readonly lead: Lead;
    readonly touch: Touch;
    readonly now: Date;
    readonly contactIsNew: boolean;
  }): Promise<OpenLeadResult>;
  /** Closes a callback task: the client was called back, or called again and got through. */
  resolveCallback(leadId: string, resolution: CallbackResolution, at: string): Promise<void>;
  /**
   * Marker + touch + the lead's counters, atomically, only while the lead is open; counts the
   * touch as a duplicate merged (open lead, and cross-channel when the channel is new to it).
   */
  addTouch(input: {
    readonly marker: NewEventMarker;
    readonly leadId: string;
    readonly touch: Touch;
    readonly now: Date;
    readonly crossChannel?: boolean;
    /** Lead metrics count inquiries' touches; a callback task's later misses are not leads. */
    readonly counted?: boolean;
  }): Promise<TouchResult>;
  /** Counts an event dropped as a repeat of one already handled (at least once). */
  countDuplicate(day: string, reason: DuplicateReason): Promise<void>;
  completeEvent(eventId: string): Promise<void>;
  /** Clears the contact's pointer to a lead that is no longer open. */
  releaseContact(contactId: string, leadId: string): Promise<void>;
  get(leadId: string): Promise<Lead | undefined>;
  /**
   * Assigns a lead that is still `new` (makes the manager the contact's owner if it has none,
   * adds one to the manager's load); 'not_new' when someone else got there first.
   */
  assign(lead: Lead, assignment: Assignment): Promise<'assigned' | 'not_new'>;
  /** Moves an assigned, unaccepted lead from one manager to another, if nothing changed since. */
  reassign(
    leadId: string,
    from: { readonly managerId: string; readonly assignedAt: string },
    to: Assignment,
  ): Promise<'reassigned' | 'changed'>;
  /** The offer ran out with nobody else to take it: counted once per offer. */
  markSlaBreach(leadId: string, assignedAt: string): Promise<void>;
  /** Parks a `new` lead nobody can take now in its team's waiting line. */
  markWaiting(leadId: string, team: Team): Promise<void>;
  /** The team's waiting leads, oldest first. */
  waiting(team: Team, limit: number): Promise<readonly Lead[]>;
  markAnnounced(leadId: string, assignedAt: string): Promise<void>;
  /** The assigned manager takes the lead; counts its time to accept. 'changed' if it moved. */
  accept(lead: Lead, at: string): Promise<'accepted' | 'changed'>;
  close(
    leadId: string,
    outcome: LeadOutcome,
    at: string,
    managerId?: string,
  ): Promise<'closed' | 'already_closed' | 'not_found' | 'not_assigned_to_manager'>;
  /** The first outbound attempt at, or the first conversation with, the lead's contact. */
  recordFirst(lead: Lead, stage: 'firstAttempt' | 'firstContact', at: string): Promise<void>;
  list(query: LeadListQuery): Promise<LeadPage>;
  detail(leadId: string): Promise<LeadDetail | undefined>;
  /** Lead counter rows of these days: the totals and every manager's, or one manager's. */
  counters(days: readonly string[], managerId?: string): Promise<readonly LeadCounterRow[]>;
}

export type LeadCounterRow = {
  readonly day: string;
  readonly managerId?: string | undefined;
  readonly values: Readonly<Record<string, number>>;
};

export interface ManagerStore {
  list(): Promise<readonly Manager[]>;
  get(managerId: string): Promise<Manager | undefined>;
  put(manager: Manager): Promise<void>;
  /** Binds the notification bot's chat to the manager (replacing an earlier one). */
  bindTelegramChat(managerId: string, chatId: string, at: string): Promise<'bound' | 'not_found'>;
}

export interface RoutingStore {
  /** The next ticket of a team's round-robin counter (atomic, never repeats). */
  nextTicket(team: Team): Promise<number>;
  policies(): Promise<ReadonlyMap<Team, RoutingPolicy>>;
  putPolicy(policy: RoutingPolicy): Promise<void>;
  /** Every manager's open leads and last assignment. */
  loads(): Promise<ReadonlyMap<string, ManagerLoad>>;
}

/** Delayed checks: a lead's accept deadline, waking a team's waiting line. */
export interface SlaQueue {
  /** Delivers the message at its `dueAt` (hops of at most 15 minutes, SQS's longest delay). */
  schedule(message: SlaMessage): Promise<void>;
}

export interface SiteStore {
  get(siteKey: string): Promise<Site | undefined>;
  list(): Promise<readonly Site[]>;
  put(site: Site): Promise<void>;
  countSpam(siteKey: string, day: string): Promise<void>;
}

export type StoredApiKey = ApiKeyRecord & { readonly hash: string };

export interface ApiKeyStore {
  findByHash(hash: string): Promise<StoredApiKey | undefined>;
  create(key: StoredApiKey): Promise<void>;
  list(): Promise<readonly ApiKeyRecord[]>;
  revoke(keyId: string, at: string): Promise<'revoked' | 'not_found'>;
}

// ── calls ────────────────────────────────────────────────────────────────────────────────

/** A call as stored: its folded state, how it was judged, and what it adds to the counters. */
export type StoredCall = CallState & {
  readonly version: number;
  readonly day?: string | undefined;
  readonly managerId?: string | undefined;
  readonly classification?: CallClassification | undefined;
  readonly callback?: CallbackOutcome | undefined;
  /** What this call currently adds to the counters (exactly what a recount would add). */
  readonly contribution?: Contribution | undefined;
  readonly updatedAt: string;
};

export type CallListQuery = {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly managerId?: string | undefined;
  readonly direction?: CallDirection | undefined;
  readonly outcome?: CallClassification['outcome'] | 'effective' | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
};

/** Resolving a missed call's callback, conditionally, in the same write as its record. */
export type MissedResolution = {
  readonly number: string;
  readonly missedEndedAt: string;
  readonly outcome: Exclude<CallbackOutcome, { status: 'open' }>;
};

export type CounterRow = {
  readonly day: string;
  /** undefined: the company total; '-' for calls no manager is responsible for. */
  readonly managerId?: string | undefined;
  readonly values: CounterValues;
};

export interface CallStore {
  /** Keeps one event; 'duplicate' when this very delivery was kept before. */
  putEvent(event: CallEvent): Promise<Recorded>;
  events(provider: string, callId: string): Promise<readonly CallEvent[]>;
  get(provider: string, callId: string): Promise<StoredCall | undefined>;
  /**
   * Writes the record if it is still at `expectedVersion` (undefined: does not exist yet) and
   * adds the counter deltas in the same transaction; with `resolve`, also marks that missed
   * call's callback resolved, if it is still open or was resolved later than this outcome
   * ('superseded' when an earlier resolution already holds).
   */
  save(
    record: StoredCall,
    expectedVersion: number | undefined,
    deltas: readonly CounterDelta[],
    resolve?: MissedResolution,
  ): Promise<'saved' | 'conflict' | 'superseded'>;
  list(query: CallListQuery): Promise<{
    readonly items: readonly StoredCall[];
    readonly nextCursor: string | null;
  }>;
  /** Counter rows for these days: the totals and every manager's, or one manager's only. */
  counters(days: readonly string[], managerId?: string): Promise<readonly CounterRow[]>;
}

export type Recorded = 'recorded' | 'duplicate';

export type CallAttempt = {
  readonly kind: 'outbound' | 'answered_inbound';
  readonly at: string;
  readonly provider: string;
  readonly callId: string;
};

export type MissedEntry = {
  readonly provider: string;
  readonly callId: string;
  readonly endedAt: string;
  readonly status: CallbackOutcome['status'];
  readonly resolvedAt?: string | undefined;
};

/** What happened on one client number: missed calls, our attempts, the open callback task. */
export interface CallbackStore {
  addMissed(number: string, entry: Omit<MissedEntry, 'status'>): Promise<void>;
  /** Forgets a call that was judged missed too early (later events show it answered). */
  dropMissed(number: string, provider: string, callId: string): Promise<boolean>;
  addAttempt(number: string, attempt: CallAttempt): Promise<void>;
  /** The earliest attempt (ours, or the client's answered call) at or after `at`. */
  firstAttemptAfter(number: string, at: string): Promise<CallAttempt | undefined>;
  /** Missed calls that ended before `at` and are open, or resolved later than `at`. */
  missedBefore(number: string, at: string): Promise<readonly MissedEntry[]>;
  /** The open callback task (a lead of kind `callback`) for the number, if any. */
  openTask(number: string): Promise<string | undefined>;
  /** Claims the number's task slot for a new task; 'taken' when one is open already. */
  claimTask(number: string, leadId: string): Promise<'claimed' | 'taken'>;
  releaseTask(number: string, leadId: string): Promise<void>;
}
