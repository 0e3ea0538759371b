import { parse as parseLegacyQuery, stringify as stringifyLegacyQuery } from 'node:querystring';
import * as z from 'zod/mini';
import { hmacBase64, safeEqual, sha256Hex } from '../../crypto';
import type { AgentRef, CallDirection, CallEvent, Disposition } from '../../domain/calls/types';
import { toE164 } from '../../domain/phone';
import { formFields, optionalUrl, parseWith, toIssues } from '../parse-with';
import type { ParseResult } from '../types';
import {
  EMPTY_REPLY,
  type TelephonyChannel,
  type TelephonyContext,
  type TelephonyReply,
  type TelephonyRequest,
} from './types';

/**
 * Twilio Programmable Voice (reference/telephony.md §3): status callbacks of the inbound
 * (parent) leg, of the managers' child legs (`<Dial><Number statusCallback>`) and of REST-created
 * outbound calls; the `<Dial action>` request; recording status callbacks. The record key is the
 * whole call: the parent CallSid, which child legs carry as ParentCallSid.
 */
export const TWILIO_AUTH_TOKEN = 'TWILIO_AUTH_TOKEN';

const SIGNATURE_HEADER = 'x-twilio-signature';
/** Present when Twilio signed with a Webhooks-configuration SharedKey, which we do not use. */
const SIGNATURE_SETTINGS_HEADER = 'x-twilio-webhooks-signature-settings';
/** JSON-bodied webhooks: the hex SHA-256 of the raw body, in the signed URL (§3.5 step 7). */
const BODY_HASH_PARAMETER = 'bodySHA256';

/** The `<Dial action>` answer: nothing more to do, hang up the parent call. */
export const TWIML_HANGUP: TelephonyReply = {
  body: '<?xml version="1.0" encoding="UTF-8"?><Response/>',
  contentType: 'text/xml',
};

/** The message schema's ceiling on talk seconds. */
const MAX_SECONDS = 7 * 86_400;

/** Plain UTF-16 code-unit order, as Twilio sorts: never localeCompare (§3.5 step 2). */
const ordinal = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * base64(HMAC-SHA1(authToken, url + name1 + value1 + …)): names in ordinal order, each distinct
 * value of a repeated name in ordinal order. Without fields (a GET callback) the URL alone.
 */
const twilioSignature = (
  authToken: string,
  url: string,
  fields: Iterable<readonly [string, string]> = [],
): string => {
  const byName = new Map<string, Set<string>>();
  for (const [name, value] of fields) {
    const values = byName.get(name) ?? new Set<string>();
    values.add(value);
    byName.set(name, values);
  }
  let data = url;
  for (const name of [...byName.keys()].sort(ordinal)) {
    for (const value of [...(byName.get(name) ?? [])].sort(ordinal)) data += name + value;
  }
  return hmacBase64('sha1', authToken, Buffer.from(data, 'utf8'));
};

/**
 * The forms of one URL Twilio may have signed (§3.5 step 6): as received; as a WHATWG URL writes
 * it (`'` as `%27`); and with the query re-encoded the legacy way (`+` as `%20`, `'` bare). Its
 * own SDKs try the same three (twilio-node's validateRequest), because Twilio's signing is not
 * consistent about them.
 */
const urlForms = (url: string): string[] => {
  const forms = new Set([url]);
  try {
    const parsed = new URL(url);
    forms.add(parsed.href);
    if (parsed.search) {
      const legacy = stringifyLegacyQuery(parseLegacyQuery(parsed.search.slice(1)));
      parsed.search = '';
      forms.add(`${parsed.href}?${legacy}`);
    }
  } catch {
    // Not a URL we can re-encode: as received only.
  }
  return [...forms];
};

const headerOf = (request: TelephonyRequest, name: string): string | undefined => {
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
};

const isGet = (request: TelephonyRequest): boolean =>
  request.method === 'GET' || request.method === 'HEAD';

/** The callback's fields, first value of each; empty values count as absent. */
const fieldsOf = (request: TelephonyRequest): Record<string, string> => {
  const fields: Record<string, string> = Object.create(null);
  const received = formFields(isGet(request) ? request.query.toString() : request.body);
  for (const [name, value] of Object.entries(received)) {
    if (value !== '') fields[name] = value;
  }
  return fields;
};

const sid = (prefix: 'CA' | 'RE') =>
  z.string().check(z.regex(new RegExp(`^${prefix}[0-9A-Za-z]{1,64}$`), `a Twilio ${prefix}… id`));
// Shared by the callbacks' schemas, and like them built on first use (`z.lazy`).
const seconds = z.lazy(() => z.optional(z.string().check(z.regex(/^\d{1,9}$/, 'whole seconds'))));
const party = z.lazy(() => z.optional(z.string().check(z.maxLength(300))));
const word = z.lazy(() => z.string().check(z.minLength(1), z.maxLength(64)));
const recordingUrl = optionalUrl;
/** Fields we read but do not keep: any length. */
const anyText = z.optional(z.string());

/** A status callback (`CallbackSource=call-progress-events`), of any leg. */
const StatusCallback = z.lazy(() =>
  z.object({
    CallSid: sid('CA'),
    ParentCallSid: z.optional(sid('CA')),
    Direction: word,
    From: party,
    To: party,
    CallStatus: word,
    CallDuration: seconds,
    SequenceNumber: z.optional(z.string().check(z.regex(/^\d{1,9}$/, 'a sequence number'))),
    Timestamp: anyText,
    CallbackSource: anyText,
    SipResponseCode: anyText,
    RecordingUrl: recordingUrl,
  }),
);

/** The `<Dial action>` request: about the parent call, sent when its dial attempt ends. */
const DialAction = z.lazy(() =>
  z.object({
    CallSid: sid('CA'),
    Direction: word,
    From: party,
    To: party,
    DialCallStatus: word,
    DialCallSid: z.optional(sid('CA')),
    DialCallDuration: seconds,
    DialBridged: anyText,
    RecordingUrl: recordingUrl,
  }),
);

/** A RecordingStatusCallback; CallSid is the parent leg of a two-leg call (§3.8). */
const RecordingCallback = z.lazy(() =>
  z.object({
    CallSid: sid('CA'),
    RecordingSid: sid('RE'),
    RecordingStatus: word,
    RecordingUrl: recordingUrl,
  }),
);

const AnyCallback = z.lazy(() => z.object({ CallSid: sid('CA') }));

type Status = z.output<typeof StatusCallback>;
type Dial = z.output<typeof DialAction>;
type Recording = z.output<typeof RecordingCallback>;

const ENDINGS: ReadonlyMap<string, Disposition> = new Map<string, Disposition>([
  ['completed', 'answered'],
  ['answered', 'answered'], // DialCallStatus when dialling a conference
  ['busy', 'busy'],
  ['no-answer', 'no-answer'],
  ['failed', 'failed'],
  ['canceled', 'canceled'],
]);
const DIALLING = new Set(['queued', 'initiated']);
const IN_PROGRESS = new Set(['in-progress', 'answered']);
const TERMINAL = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

const toSeconds = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : Math.min(Number(value), MAX_SECONDS);

const secondsBefore = (iso: string, seconds: number): string =>
  new Date(Date.parse(iso) - seconds * 1000).toISOString();

/** Twilio's RFC 2822 `Timestamp`, when it sent one we can read. */
const payloadTimeOf = (timestamp: string | undefined): string | undefined => {
  const ms = timestamp === undefined ? Number.NaN : Date.parse(timestamp);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
};

/** `inbound` and REST-created `outbound-api` calls are ours; trunking and the rest are not. */
const directionOf = (direction: string): CallDirection | undefined =>
  direction === 'inbound' ? 'inbound' : direction === 'outbound-api' ? 'outbound' : undefined;

/** The client's number and our line, from the parent leg's From/To. */
const partiesOf = (
  direction: CallDirection,
  from: string | undefined,
  to: string | undefined,
  context: TelephonyContext,
) => {
  const customer = direction === 'inbound' ? from : to;
  const phone = customer === undefined ? undefined : toE164(customer, context.defaultCountry);
  return {
    direction,
    customer: phone?.ok ? phone.e164 : undefined,
    line: direction === 'inbound' ? to : from,
  };
};

/** The manager's line a child leg dialled: a phone, or a `client:` / `sip:` identity. */
const agentOf = (to: string | undefined, context: TelephonyContext): AgentRef | undefined => {
  if (to === undefined) return undefined;
  if (/^(client|sip):/i.test(to)) return { identity: to.split(/[;?]/, 1)[0] ?? to };
  const phone = toE164(to, context.defaultCountry);
  return phone.ok ? { phone: phone.e164 } : { identity: to };
};

const reasonOf = (status: string, sipCode: string | undefined): string =>
  (sipCode ? `${status} (SIP ${sipCode.slice(0, 20)})` : status).slice(0, 200);

const statusEvents = (s: Status, context: TelephonyContext): CallEvent[] => {
  if (s.CallbackSource !== undefined && s.CallbackSource !== 'call-progress-events') return [];
  const status = s.CallStatus;
  const stamped = payloadTimeOf(s.Timestamp);
  const at = stamped ?? context.receivedAt.toISOString();
  const duration = toSeconds(s.CallDuration);
  const base = {
    provider: 'twilio',
    callId: s.ParentCallSid ?? s.CallSid,
    eventKey: `${s.CallSid}#${s.SequenceNumber ?? status}`,
    sequence: s.SequenceNumber === undefined ? undefined : Number(s.SequenceNumber),
    at,
    final: false,
  } as const;
  const ending = {
    disposition: ENDINGS.get(status),
    reason: reasonOf(status, s.SipResponseCode),
    recordingUrl: s.RecordingUrl,
  };
  // Connected legs report their duration from the answer (§3.3).
  const answeredAt =
    status === 'completed' && duration !== undefined ? secondsBefore(at, duration) : undefined;

  if (s.ParentCallSid !== undefined) {
    // A manager's line being dialled: the call's own direction comes from the parent's events.
    const leg = { ...base, leg: s.CallSid, agent: agentOf(s.To, context) };
    if (DIALLING.has(status) || status === 'ringing') return [{ ...leg, kind: 'ringing' }];
    if (IN_PROGRESS.has(status)) return [{ ...leg, kind: 'answered', answeredAt: at }];
    if (!TERMINAL.has(status)) return [];
    // A connected leg's `completed` finishes the call (the fold ends a call on a leg that
    // talked and ended): the parent's final callback may never come, and is not retried.
    const talkSeconds = status === 'completed' ? duration : undefined;
    return [{ ...leg, kind: 'leg-ended', ...ending, talkSeconds, answeredAt, endedAt: stamped }];
  }

  const direction = directionOf(s.Direction);
  if (!direction) return [];
  const call = { ...base, ...partiesOf(direction, s.From, s.To, context) };

  if (direction === 'inbound') {
    // Twilio answers the inbound leg itself: its in-progress, its CallDuration and its
    // `completed` say nothing about a manager (§3.1). They date the arrival and the end.
    if (DIALLING.has(status) || status === 'ringing' || IN_PROGRESS.has(status)) {
      return [{ ...call, kind: 'started', startedAt: at }];
    }
    if (!TERMINAL.has(status)) return [];
    return [
      {
        ...call,
        kind: 'ended',
        startedAt: duration === undefined ? undefined : secondsBefore(at, duration),
        endedAt: stamped,
        ...ending,
        disposition: status === 'completed' ? undefined : ending.disposition,
      },
    ];
  }

  // outbound-api: a REST-created call to the client; its answer is the client's.
  if (DIALLING.has(status)) return [{ ...call, kind: 'started', startedAt: at }];
  if (status === 'ringing') return [{ ...call, kind: 'ringing' }];
  if (IN_PROGRESS.has(status)) return [{ ...call, kind: 'answered', answeredAt: at }];
  if (!TERMINAL.has(status)) return [];
  return [
    {
      ...call,
      kind: 'ended',
      final: true,
      endedAt: stamped,
      answeredAt,
      talkSeconds: status === 'completed' ? (duration ?? 0) : 0,
      ...ending,
    },
  ];
};

/**
 * The Dial action closes the call with Twilio's own verdict (DialCallStatus). Its talk goes on
 * a leg event of the dialled child (DialCallSid), not on the final event: a transfer that
 * re-dials the parent sends one Dial action per `<Dial>`, and the call's talk is their sum.
 * It carries no Timestamp, so it names no end time: the legs' and the parent's `completed`
 * date the end where they came, our receipt of the Dial action only where none did.
 */
const dialEvents = (d: Dial, context: TelephonyContext): CallEvent[] => {
  const direction = directionOf(d.Direction);
  if (!direction) return [];
  const at = context.receivedAt.toISOString(); // the Dial action carries no Timestamp
  const duration = toSeconds(d.DialCallDuration);
  const verdict = ENDINGS.get(d.DialCallStatus);
  const bridged = d.DialBridged !== 'false';
  const answered = verdict === 'answered' && bridged;
  const disposition = verdict === 'answered' && !bridged ? 'no-answer' : verdict;
  const base = { provider: 'twilio', callId: d.CallSid, at } as const;

  const ended: CallEvent = {
    ...base,
    eventKey: `${d.CallSid}#dial-action${d.DialCallSid ? `#${d.DialCallSid}` : ''}`,
    kind: 'ended',
    final: true,
    ...partiesOf(direction, d.From, d.To, context),
    disposition,
    talkSeconds: answered && d.DialCallSid === undefined ? duration : undefined,
    reason: d.DialCallStatus.slice(0, 200),
    recordingUrl: d.RecordingUrl,
  };
  if (!answered || d.DialCallSid === undefined || duration === undefined) return [ended];
  const talk: CallEvent = {
    ...base,
    eventKey: `${d.DialCallSid}#dial-action`,
    kind: 'leg-ended',
    final: false,
    leg: d.DialCallSid,
    answeredAt: secondsBefore(at, duration),
    talkSeconds: duration,
    disposition: 'answered',
  };
  return [ended, talk];
};

const recordingEvents = (r: Recording, context: TelephonyContext): CallEvent[] =>
  r.RecordingStatus === 'completed' && r.RecordingUrl !== undefined
    ? [
        {
          provider: 'twilio',
          callId: r.CallSid,
          eventKey: `${r.CallSid}#recording#${r.RecordingSid}`,
          kind: 'recording',
          final: false,
          at: context.receivedAt.toISOString(),
          recordingUrl: r.RecordingUrl,
        },
      ]
    : [];

export const twilio: TelephonyChannel = {
  provider: 'twilio',
  secretNames: [TWILIO_AUTH_TOKEN],

  verify(request, secret) {
    const token = secret(TWILIO_AUTH_TOKEN);
    const signature = headerOf(request, SIGNATURE_HEADER);
    if (!token || !signature) return false;
    if (headerOf(request, SIGNATURE_SETTINGS_HEADER) !== undefined) return false;
    // A JSON body is bound by its hash in the URL, and the URL is signed alone (§3.5 step 7,
    // as twilio-node's validateRequestWithBody); GET callbacks carry their fields in the URL,
    // which is signed alone too (step 4).
    const bodyHash = request.query.get(BODY_HASH_PARAMETER);
    if (bodyHash !== null && !safeEqual(bodyHash, sha256Hex(request.bytes ?? request.body))) {
      return false;
    }
    const fields =
      isGet(request) || bodyHash !== null ? [] : [...new URLSearchParams(request.body)];
    let valid = false;
    for (const url of new Set(request.signedUrls.flatMap(urlForms))) {
      // Every candidate is compared, so the time taken does not tell which one matched.
      valid = safeEqual(signature, twilioSignature(token, url, fields)) || valid;
    }
    return valid;
  },

  parse(request, context): ParseResult<readonly CallEvent[]> {
    if (request.query.has(BODY_HASH_PARAMETER)) {
      // Signed as a JSON webhook: voice callbacks are form posts, so this is not one we know.
      return {
        ok: false,
        issues: [{ path: '', message: 'a JSON-bodied webhook (bodySHA256), not a voice callback' }],
      };
    }
    const fields = fieldsOf(request);
    if (fields.DialCallStatus !== undefined) {
      return parseWith(DialAction, fields, (d) => dialEvents(d, context));
    }
    if (fields.RecordingStatus !== undefined && fields.CallStatus === undefined) {
      return parseWith(RecordingCallback, fields, (r) => recordingEvents(r, context));
    }
    if (fields.CallStatus !== undefined) {
      return parseWith(StatusCallback, fields, (s) => statusEvents(s, context));
    }
    const known = AnyCallback.safeParse(fields);
    return known.success
      ? { ok: true, value: [] }
      : { ok: false, issues: toIssues(known.error.issues) };
  },

  reply: (request) => (fieldsOf(request).DialCallStatus !== undefined ? TWIML_HANGUP : EMPTY_REPLY),
};
