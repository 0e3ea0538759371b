/**
 * The normalized telephony model. Provider modules (shared/channels/telephony/*) map their
 * webhooks to CallEvents; the router folds all events of one call into a CallRecord.
 */
/**
 * A telephony provider's name, as its channel module declares it and its URL shows it
 * (/v1/telephony/{provider}). The registry in shared/channels/telephony/index.ts is the one
 * list of providers: the domain only needs the name to be a plain lowercase word.
 */
export type TelephonyProvider = string;
export const TELEPHONY_PROVIDER_NAME = /^[a-z][a-z0-9-]{0,31}$/;

export type CallDirection = 'inbound' | 'outbound';

/**
 * What an event says happened:
 * - `started`: the call reached the PBX / dialling began;
 * - `ringing`: the call is offered to a manager's line (one per line rung);
 * - `answered`: a human on our side (inbound) or the client (outbound) answered;
 * - `leg-ended`: one leg ended (a manager's phone stopped ringing or hung up), not the call;
 * - `ended`: the whole call is over;
 * - `recording`: a recording of the call is available.
 */
export const CALL_EVENT_KINDS = [
  'started',
  'ringing',
  'answered',
  'leg-ended',
  'ended',
  'recording',
] as const;
export type CallEventKind = (typeof CALL_EVENT_KINDS)[number];

/** How a call (or a leg) ended, in the providers' common words. */
export const DISPOSITIONS = [
  'answered',
  'no-answer',
  'busy',
  'rejected',
  'canceled',
  'failed',
  'voicemail',
  'ivr',
  'unavailable',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** A manager's line as a provider names it: an extension, a phone, a client/SIP identity. */
export type AgentRef = {
  readonly extension?: string | undefined;
  readonly phone?: string | undefined;
  readonly identity?: string | undefined;
};

export type CallEvent = {
  readonly provider: TelephonyProvider;
  /** The whole call (Twilio parent CallSid, Zadarma: derived from its signed number + call_start, not the unsigned pbx_call_id, Mango entry_id). */
  readonly callId: string;
  /** Unique within the call; the same delivery retried has the same key. */
  readonly eventKey: string;
  readonly kind: CallEventKind;
  /**
   * The provider's own final word on the whole call (Mango summary, Zadarma NOTIFY_END,
   * Twilio's Dial action, a generic `ended`): its fields win over what legs reported.
   */
  readonly final: boolean;
  /** Leg id for leg-level events (Twilio child CallSid, Mango call_id). */
  readonly leg?: string | undefined;
  /** Provider order within the call or leg (Twilio SequenceNumber, Mango seq). */
  readonly sequence?: number | undefined;
  /** When it happened: the provider's time, or when we received it. */
  readonly at: string;
  readonly direction?: CallDirection | undefined;
  /** The client's number, E.164. */
  readonly customer?: string | undefined;
  /** Our number that was called or used to call out. */
  readonly line?: string | undefined;
  /** The manager's line this event concerns (rung, answered, calling out). */
  readonly agent?: AgentRef | undefined;
  readonly startedAt?: string | undefined;
  readonly answeredAt?: string | undefined;
  readonly endedAt?: string | undefined;
  /** Conversation seconds: from the answer to the hangup. */
  readonly talkSeconds?: number | undefined;
  readonly disposition?: Disposition | undefined;
  /** The provider's raw reason (status code, disconnect reason), for the record. */
  readonly reason?: string | undefined;
  readonly recordingUrl?: string | undefined;
};

export type Thresholds = {
  readonly effectiveTalkSeconds: number;
  readonly shortAbandonSeconds: number;
};

export type MissedReason =
  | 'abandoned'
  | 'no-answer'
  | 'busy'
  | 'rejected'
  | 'failed'
  | 'voicemail'
  | 'ivr'
  | 'unavailable';
