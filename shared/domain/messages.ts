import * as z from 'zod/mini';
import { CALL_EVENT_KINDS, DISPOSITIONS, TELEPHONY_PROVIDER_NAME } from './calls/types';
import { CALL_EVENT_TYPES, EVENT_TYPES, LEAD_UPDATE_TYPES } from './notify/events';
import { LEAD_CHANNELS, LEAD_OUTCOMES, MESSENGERS, TEAMS } from './types';

/**
 * The messages switchboard passes between its parts, in the domain's words: a lead event, a call
 * event, an assignment, a delayed check. Channels produce them, use cases and ports speak them,
 * and the queue adapters carry them; producer and consumer import these same schemas (the
 * ingest function builds an IntakeMessage, the router parses it).
 *
 * Each schema is a `z.lazy`: built on the first message a process parses with it, not at the
 * cold start of every function that imports this module (each parses one or two of them).
 */
const str = (max: number) => z.string().check(z.maxLength(max));
const optionalStr = (max: number) => z.optional(str(max));
const iso = () => z.iso.datetime({ offset: true });

export const UtmSchema = z.lazy(() =>
  z.object({
    source: optionalStr(500),
    medium: optionalStr(500),
    campaign: optionalStr(500),
    content: optionalStr(500),
    term: optionalStr(500),
  }),
);

export const FieldsSchema = z.lazy(() =>
  z.record(str(200), z.union([str(10_000), z.array(str(10_000)).check(z.maxLength(50))])),
);

export const MessengerAccountSchema = z.lazy(() =>
  z.object({
    channel: z.enum(MESSENGERS),
    id: str(200),
    username: optionalStr(200),
  }),
);

export const LeadEventSchema = z.lazy(() =>
  z.object({
    kind: z.literal('lead'),
    /** Stable across the sender's retries: "form:<site>:<tranid>", "telegram:<bot>:<update_id>". */
    eventId: str(300).check(z.minLength(1)),
    channel: z.enum(LEAD_CHANNELS),
    receivedAt: iso(),
    /** How long a repeat of this event id is still the same event (durable, in DynamoDB). */
    dedupeWindowSeconds: z.number().check(z.int(), z.gte(60), z.lte(30 * 86_400)),
    source: z.object({
      siteKey: optionalStr(64),
      formId: optionalStr(200),
      account: optionalStr(200),
      page: optionalStr(2_000),
      referer: optionalStr(2_000),
    }),
    contact: z.object({
      name: optionalStr(200),
      phone: z.optional(z.e164()),
      email: optionalStr(254),
      messenger: z.optional(MessengerAccountSchema),
      /**
       * True when nothing proved who sent it (a browser post, allowed by its Origin only): it may
       * find a contact or start one, but never changes an established one (identitiesToLink).
       */
      unverified: z.optional(z.boolean()),
    }),
    text: optionalStr(10_000),
    utm: z.optional(UtmSchema),
    fields: z.optional(FieldsSchema),
  }),
);
export type LeadEvent = z.infer<typeof LeadEventSchema>;

const AgentSchema = z.lazy(() =>
  z.object({
    extension: optionalStr(200),
    phone: optionalStr(64),
    identity: optionalStr(300),
  }),
);

export const CallEventSchema = z.lazy(() =>
  z.object({
    provider: z.string().check(z.regex(TELEPHONY_PROVIDER_NAME)),
    callId: str(300).check(z.minLength(1)),
    eventKey: str(300).check(z.minLength(1)),
    kind: z.enum(CALL_EVENT_KINDS),
    final: z.boolean(),
    leg: optionalStr(300),
    sequence: z.optional(z.number().check(z.int(), z.gte(0))),
    at: iso(),
    direction: z.optional(z.enum(['inbound', 'outbound'])),
    customer: z.optional(z.e164()),
    line: optionalStr(300),
    agent: z.optional(AgentSchema),
    startedAt: z.optional(iso()),
    answeredAt: z.optional(iso()),
    endedAt: z.optional(iso()),
    talkSeconds: z.optional(z.number().check(z.int(), z.gte(0), z.lte(7 * 86_400))),
    disposition: z.optional(z.enum(DISPOSITIONS)),
    reason: optionalStr(200),
    recordingUrl: optionalStr(2_000),
  }),
);

export const CallMessageSchema = z.lazy(() =>
  z.object({
    kind: z.literal('call'),
    /** provider:callId:eventKey — stable across the provider's retries. */
    eventId: str(1_000).check(z.minLength(1)),
    receivedAt: iso(),
    event: CallEventSchema,
  }),
);
export type CallMessage = z.infer<typeof CallMessageSchema>;

export const IntakeMessageSchema = z.lazy(() =>
  z.discriminatedUnion('kind', [LeadEventSchema, CallMessageSchema]),
);
export type IntakeMessage = z.infer<typeof IntakeMessageSchema>;

export const ASSIGNMENT_TYPES = [
  'lead.assigned',
  'lead.reassigned',
  'lead.touched',
  'callback.assigned',
] as const;

/** The contact an announcement carries (assignments and lead updates alike). */
const AnnouncedContactSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.optional(z.string()),
    phone: z.optional(z.string()),
    email: z.optional(z.string()),
    messengers: z.optional(z.array(MessengerAccountSchema)),
  }),
);

export const AssignmentMessageSchema = z.lazy(() =>
  z.object({
    type: z.enum(ASSIGNMENT_TYPES),
    leadId: z.string(),
    managerId: z.string(),
    contact: AnnouncedContactSchema,
    channel: z.string(),
    at: z.string(),
    /**
     * lead.touched: which touch (a short hash of its event's id — no message id in clear), so
     * that two touches in the same millisecond are two announcements.
     */
    touch: z.optional(z.string()),
  }),
);
export type AssignmentMessage = z.infer<typeof AssignmentMessageSchema>;

/** What happened to a lead after it was offered: the API's accepts and closes. */
export const LeadUpdateMessageSchema = z.lazy(() =>
  z.object({
    type: z.enum(LEAD_UPDATE_TYPES),
    leadId: z.string(),
    managerId: z.optional(z.string()),
    contact: AnnouncedContactSchema,
    channel: z.string(),
    at: z.string(),
    outcome: z.optional(z.enum(LEAD_OUTCOMES)),
  }),
);
export type LeadUpdateMessage = z.infer<typeof LeadUpdateMessageSchema>;

/** A finished call, as the router judged it: missed (inbound, unanswered) or completed. */
export const CallEventMessageSchema = z.lazy(() =>
  z.object({
    type: z.enum(CALL_EVENT_TYPES),
    provider: z.string(),
    callId: z.string(),
    managerId: z.optional(z.string()),
    /** The call's outcome when it was announced (answered, missed, short_abandon, not_reached). */
    outcome: z.string(),
    at: z.string(),
  }),
);
export type CallEventMessage = z.infer<typeof CallEventMessageSchema>;

/**
 * Everything the assignments queue carries: the four announcements of work for a manager
 * (unchanged), and the events outgoing webhooks also publish.
 */
export const QueuedEventSchema = z.lazy(() =>
  z.union([AssignmentMessageSchema, LeadUpdateMessageSchema, CallEventMessageSchema]),
);
export type QueuedEvent = z.infer<typeof QueuedEventSchema>;

/**
 * The event's stable id: the same whenever the same thing is announced again (a redelivered
 * message, a retried request), so a delivery made of it is the same delivery.
 */
export const eventIdOf = (event: QueuedEvent): string => {
  switch (event.type) {
    case 'lead.assigned':
    case 'lead.reassigned':
    case 'callback.assigned':
      return `${event.type}:${event.leadId}:${event.at}`;
    case 'lead.touched':
      return `${event.type}:${event.leadId}:${event.touch ?? event.at}`;
    case 'lead.accepted':
    case 'lead.closed':
      return `${event.type}:${event.leadId}`;
    case 'call.completed':
    case 'call.missed':
      return `${event.type}:${event.provider}:${event.callId}:${event.outcome}`;
    default:
      return event satisfies never;
  }
};

/** Where a delivery goes: one module per destination (shared/notify/destinations). */
export const DESTINATION_NAMES = ['telegram', 'webhook', 'bitrix24'] as const;
export type DestinationName = (typeof DESTINATION_NAMES)[number];

/**
 * One event for one destination, on the deliveries queue: the notify function sends the first
 * (seq 1), the deliver function each retry (seq + 1, a later dueAt). `seq` fences duplicates: an
 * attempt runs only if no later one was claimed. `payload` is the destination's own, parsed by it.
 */
export const DeliveryMessageSchema = z.lazy(() =>
  z.object({
    deliveryId: str(100).check(z.minLength(1)),
    destination: z.enum(DESTINATION_NAMES),
    /** A webhook's name, or the manager a Telegram message is for. */
    target: str(200).check(z.minLength(1)),
    eventId: str(1_000).check(z.minLength(1)),
    type: z.enum(EVENT_TYPES),
    at: z.string(),
    createdAt: iso(),
    payload: z.unknown(),
    seq: z.number().check(z.int(), z.gte(1)),
    /** Index into the retry schedule: failed attempts so far (a destination's "wait" is not one). */
    retry: z.number().check(z.int(), z.gte(0)),
    /** Start of this run of attempts (a replay from the DLQ starts a new one). */
    since: iso(),
    dueAt: iso(),
    /** Set on the copy in the DLQ: replayed, it starts a new run of attempts. */
    deadLettered: z.optional(z.boolean()),
  }),
);
export type DeliveryMessage = z.infer<typeof DeliveryMessageSchema>;

/** Delayed work for the sla function, standard queue (FIFO has no per-message delay). */
export const SlaMessageSchema = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({
      type: z.literal('accept-check'),
      leadId: z.string(),
      managerId: z.string(),
      assignedAt: z.string(),
      dueAt: iso(),
    }),
    z.object({
      type: z.literal('assign-waiting'),
      team: z.enum(TEAMS),
      dueAt: iso(),
    }),
    /** A call's deadline: closed from the evidence if no event came after `lastEventAt`. */
    z.object({
      type: z.literal('call-finalize'),
      provider: z.string().check(z.regex(TELEPHONY_PROVIDER_NAME)),
      callId: str(300).check(z.minLength(1)),
      lastEventAt: iso(),
      dueAt: iso(),
    }),
  ]),
);
export type SlaMessage = z.infer<typeof SlaMessageSchema>;
