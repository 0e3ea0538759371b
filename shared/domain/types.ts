/** Where a lead came from. Telephony creates calls (and callback tasks), not inquiries. */
export const LEAD_CHANNELS = ['form', 'telegram', 'whatsapp', 'vk'] as const;
export type LeadChannel = (typeof LEAD_CHANNELS)[number];

export const MESSENGERS = ['telegram', 'whatsapp', 'vk'] as const;
export type Messenger = (typeof MESSENGERS)[number];

export type MessengerAccount = {
  readonly channel: Messenger;
  readonly id: string;
  readonly username?: string | undefined;
};

export type Utm = {
  readonly source?: string | undefined;
  readonly medium?: string | undefined;
  readonly campaign?: string | undefined;
  readonly content?: string | undefined;
  readonly term?: string | undefined;
};

export type FieldValue = string | readonly string[];
export type Fields = Readonly<Record<string, FieldValue>>;

export type Contact = {
  readonly id: string;
  readonly name?: string | undefined;
  readonly phones: readonly string[];
  /** Verified ones first: the first is the one managers, the dashboard and the CRM are shown. */
  readonly emails: readonly string[];
  /** Those of `emails` only unverified posts brought (identity.ts: `rankedEmails`). */
  readonly unverifiedEmails?: readonly string[] | undefined;
  /** The name came from an unverified post: the first verified one replaces it. */
  readonly nameUnverified?: boolean | undefined;
  readonly messengers: readonly MessengerAccount[];
  /** The manager who owns the client: sticky routing sends returning contacts to them. */
  readonly ownerId?: string | undefined;
  readonly openLeadId?: string | undefined;
  /** The contact's newest inquiry, open or closed (a CRM's deal by phone finds it here). */
  readonly latestLeadId?: string | undefined;
  readonly createdAt: string;
  readonly lastSeenAt?: string | undefined;
};

export const LEAD_STATUSES = ['new', 'assigned', 'accepted', 'closed'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const LEAD_OUTCOMES = ['won', 'lost', 'spam'] as const;
export type LeadOutcome = (typeof LEAD_OUTCOMES)[number];
export type LeadKind = 'inquiry' | 'callback';

export type LeadSource = {
  readonly siteKey?: string | undefined;
  readonly formId?: string | undefined;
  readonly account?: string | undefined;
  readonly page?: string | undefined;
  readonly referer?: string | undefined;
};

export type Lead = {
  readonly id: string;
  readonly kind: LeadKind;
  readonly status: LeadStatus;
  readonly contactId: string;
  readonly channels: readonly string[];
  readonly firstChannel: string;
  readonly managerId?: string | undefined;
  readonly createdAt: string;
  readonly assignedAt?: string | undefined;
  /** Why the current offer went to its manager, and whether it was the first or a move. */
  readonly assignReason?: AssignmentReason | undefined;
  readonly assignType?: Assignment['type'] | undefined;
  readonly acceptedAt?: string | undefined;
  readonly closedAt?: string | undefined;
  readonly outcome?: LeadOutcome | undefined;
  /** The deal's amount in minor units (kopecks, cents): 1 234,56 ₽ is 123456. */
  readonly amountMinor?: number | undefined;
  /** ISO 4217 code of the amount (RUB unless the close said otherwise). */
  readonly currency?: string | undefined;
  readonly reason?: string | undefined;
  /** The CRM's deal that closed the lead (POST /v1/deals), if one did. */
  readonly dealId?: string | undefined;
  readonly touches: number;
  readonly lastTouchAt: string;
  readonly text?: string | undefined;
  readonly utm?: Utm | undefined;
  readonly fields?: Fields | undefined;
  readonly source?: LeadSource | undefined;
  /** Set while the latest assignment has not yet been announced on the assignments queue. */
  readonly announcePending?: boolean | undefined;
  /** How a callback task ended: we called back, or the client called again and got through. */
  readonly resolution?: 'called_back' | 'client_recontact' | undefined;
  /** Set while nobody of this team can take the lead (out of hours, nobody active). */
  readonly waitingTeam?: Team | undefined;
  /** When a lead that had to wait was first offered: its speed clock starts there. */
  readonly waitedUntil?: string | undefined;
  readonly firstAttemptAt?: string | undefined;
  readonly firstContactAt?: string | undefined;
  /** Whose speed counters the first attempt and first contact were counted in. */
  readonly firstAttemptBy?: string | undefined;
  readonly firstContactBy?: string | undefined;
  /** The first effective conversation with the contact (talk ≥ EFFECTIVE_TALK_SECONDS). */
  readonly firstEffectiveAt?: string | undefined;
  readonly slaBreachedAt?: string | undefined;
  /**
   * How far the lead has come in the funnel and been counted (an index of FUNNEL_STAGES);
   * absent: a lead the funnel does not count (a callback task, a lead from before the funnel).
   */
  readonly funnelStage?: number | undefined;
};

export type Touch = {
  readonly eventId: string;
  readonly channel: string;
  readonly at: string;
  readonly text?: string | undefined;
  readonly utm?: Utm | undefined;
  readonly fields?: Fields | undefined;
  readonly source?: LeadSource | undefined;
  /** The contact data this touch brought, as sent (kept even where the contact did not take it). */
  readonly contact?: TouchContact | undefined;
};

export type TouchContact = {
  readonly name?: string | undefined;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
};

export type AssignmentReason = 'owner' | 'round-robin' | 'least-loaded';
export type Assignment = {
  readonly managerId: string;
  readonly at: string;
  readonly reason: AssignmentReason;
  readonly type: 'assigned' | 'reassigned';
};

export const TEAMS = ['acquisition', 'accounts'] as const;
export type Team = (typeof TEAMS)[number];
export const WEEK_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];
/** [["09:00","13:00"],["14:00","18:00"]]: opening intervals of one day, local time. */
export type DayHours = readonly (readonly [string, string])[];

export type WorkingHours = {
  readonly timeZone?: string | undefined;
  readonly days: Readonly<Partial<Record<WeekDay, DayHours>>>;
};

export type Manager = {
  readonly id: string;
  readonly name: string;
  readonly team: Team;
  readonly extensions: readonly string[];
  readonly phones: readonly string[];
  readonly weight: number;
  readonly active: boolean;
  readonly workingHours?: WorkingHours | undefined;
  /** The Telegram chat the notification bot writes to (a decimal id, possibly negative). */
  readonly telegramChatId?: string | undefined;
  /** The manager's user id in the company's Bitrix24 (ASSIGNED_BY_ID of the leads it creates). */
  readonly bitrix24UserId?: string | undefined;
  readonly updatedAt: string;
};

export type Site = {
  readonly siteKey: string;
  readonly name: string;
  readonly allowedOrigins: readonly string[];
  /** sha256 of the site's server-to-server token, hex; the token itself is never stored. */
  readonly tokenHash?: string | undefined;
  /**
   * A field no visible input uses; filled, the post is held as spam. Unset: none (the default
   * since the B2B "Website" field; sites saved before keep the `website` they were given).
   */
  readonly honeypotField?: string | undefined;
  readonly updatedAt: string;
};

export const ROLES = ['admin', 'head', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export type ApiKeyRecord = {
  readonly keyId: string;
  readonly name: string;
  readonly role: Role;
  readonly managerId?: string | undefined;
  readonly createdAt: string;
  readonly revokedAt?: string | undefined;
};
