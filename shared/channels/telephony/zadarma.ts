import * as z from 'zod/mini';
import { hmacHex, safeEqual, sha256Hex } from '../../crypto';
import type { AgentRef, CallDirection, CallEvent, Disposition } from '../../domain/calls/types';
import { toE164 } from '../../domain/phone';
import { isCalendarDate, zonedTimeToInstant } from '../../domain/time';
import { formFields, parseWith } from '../parse-with';
import type { TelephonyChannel, TelephonyContext } from './types';
import { EMPTY_REPLY } from './types';

/**
 * Zadarma (and Novofon) PBX notifications (reference/telephony.md §4): urlencoded POSTs, one
 * per call event; header `Signature` = base64 of the lowercase hex HMAC-SHA1
 * (ZADARMA_API_SECRET) of two or three of the event's fields. The signature covers only
 * identity fields (the client's number and `call_start`), not `pbx_call_id` nor the outcome:
 * so the call is keyed by what is signed (`signedCallId`), a replay with another `pbx_call_id`
 * is the same call again, and an end claiming more talk than the signed start allows is refused
 * (`implausible`). Keep the URL secret and reconcile with the statistics API (§4.4).
 */
export const ZADARMA_SECRET = 'ZADARMA_API_SECRET';
/**
 * A secret path segment: with it set, Zadarma's notification URL is
 * `/v1/telephony/zadarma/<token>` and every other path answers 404. The signature alone does
 * not cover the outcome, so a URL nobody can guess is the first line.
 */
export const ZADARMA_WEBHOOK_TOKEN = 'ZADARMA_WEBHOOK_TOKEN';

/** The fields each event signs, concatenated in this order (§4.1). A Map: `event` is input. */
const SIGNED_FIELDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['NOTIFY_START', ['caller_id', 'called_did', 'call_start']],
  ['NOTIFY_INTERNAL', ['caller_id', 'called_did', 'call_start']],
  ['NOTIFY_IVR', ['caller_id', 'called_did', 'call_start']],
  ['NOTIFY_END', ['caller_id', 'called_did', 'call_start']],
  ['NOTIFY_ANSWER', ['caller_id', 'destination', 'call_start']],
  ['NOTIFY_OUT_START', ['internal', 'destination', 'call_start']],
  ['NOTIFY_OUT_END', ['internal', 'destination', 'call_start']],
  ['NOTIFY_RECORD', ['pbx_call_id', 'call_id_with_rec']],
]);

const DISTINCT_SIGNED_FIELDS: readonly (readonly string[])[] = [
  ...new Map([...SIGNED_FIELDS.values()].map((names) => [names.join(','), names])).values(),
];

/** The URL check when the notification URL is saved; echoed only if plainly harmless. */
const SAFE_ECHO = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * `call_start` is a local time without zone (the account's; TIME_ZONE must match it). One that
 * lies this far after our receipt cannot be right (a zone mismatch): it is not used, so a
 * missed call is not judged a short abandon on a wrong start.
 */
const MAX_START_AHEAD_MS = 120_000;

/**
 * Clock skew allowed between Zadarma's `call_start` (whole seconds, its clock) and our receipt
 * when an end's `duration` is checked against the time since the signed start.
 */
const DURATION_SKEW_MS = 60_000;

/**
 * The call an event belongs to, from signed fields only: the client's number (inbound
 * `caller_id`, outbound `destination`: signed by every event of its family, NOTIFY_ANSWER
 * included) and `call_start` (signed by all, identical in all events of one call, §4.1).
 * `called_did` and `internal` are not signed by every event of a call, so they are not in it;
 * `pbx_call_id` is signed by no call event (only by NOTIFY_RECORD, which counts nothing). Numbers are read as E.164 when they are phones, so `+7…`
 * and `7…` are one client.
 */
export const signedCallId = (
  direction: CallDirection,
  number: string,
  callStartLocal: string,
  country: string,
): string => {
  const who = phone(number.trim(), country) ?? number.trim();
  const tag = direction === 'outbound' ? 'out' : 'in';
  return `zd_${tag}_${sha256Hex(`${tag}\n${who}\n${callStartLocal}`).slice(0, 32)}`;
};

const DISPOSITIONS: ReadonlyMap<string, Disposition> = new Map([
  ['answered', 'answered'],
  ['busy', 'busy'],
  ['cancel', 'canceled'], // the caller hung up before anyone answered
  ['no answer', 'no-answer'],
  ['failed', 'failed'],
  // Billing and limit values: technical failures, not sales misses (§4.3).
  ['no money', 'failed'],
  ['unallocated number', 'failed'],
  ['no limit', 'failed'],
  ['no day limit', 'failed'],
  ['line limit', 'failed'],
  ['no money, no limit', 'failed'],
]);

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

/** Also read alone, for the replay window (`signedTime`). */
const callStart = z.lazy(() =>
  z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'a local time YYYY-MM-DD HH:MM:SS'),
    z.refine((value) => {
      const [day = '', time = ''] = value.split(' ');
      const [hh = 99, mm = 99, ss = 99] = time.split(':').map(Number);
      return isCalendarDate(day) && hh < 24 && mm < 60 && ss < 60;
    }, 'not a real date and time'),
  ),
);

// The payload's schema, and the pieces its events share, are built on the first
// notification (`z.lazy`), not at every cold start.
const Notification = z.lazy(() => {
  const callId = z.string().check(z.minLength(1), z.maxLength(200));
  /** A number as Zadarma sends it: may be empty or `0` (anonymous, outbound caller_id). */
  const number = z.string().check(z.maxLength(64));
  const extension = z.string().check(z.minLength(1), z.maxLength(64));
  /** Absent and empty mean the same (`internal=` on an end nobody answered). */
  const optionalText = (max: number) =>
    z.pipe(
      z.transform(emptyAsUndefined),
      z.optional(z.string().check(z.minLength(1), z.maxLength(max))),
    );
  const duration = z.string().check(
    z.regex(/^\d{1,6}$/, 'whole seconds'),
    z.refine((value) => Number(value) <= 7 * 86_400, 'longer than a week'),
  );
  const ending = {
    duration,
    disposition: z.string().check(z.minLength(1), z.maxLength(200)),
    status_code: optionalText(100),
  };

  return z.discriminatedUnion('event', [
    z.object({
      event: z.literal('NOTIFY_START'),
      pbx_call_id: callId,
      call_start: callStart,
      caller_id: number,
      called_did: number,
    }),
    z.object({
      event: z.literal('NOTIFY_INTERNAL'),
      pbx_call_id: callId,
      call_start: callStart,
      caller_id: number,
      called_did: number,
      internal: extension,
    }),
    z.object({
      event: z.literal('NOTIFY_ANSWER'),
      pbx_call_id: callId,
      call_start: callStart,
      caller_id: number,
      destination: number,
      internal: optionalText(64),
    }),
    z.object({
      event: z.literal('NOTIFY_END'),
      pbx_call_id: callId,
      call_start: callStart,
      caller_id: number,
      called_did: number,
      internal: optionalText(64),
      ...ending,
    }),
    z.object({
      event: z.literal('NOTIFY_OUT_START'),
      pbx_call_id: callId,
      call_start: callStart,
      internal: extension,
      destination: number,
      caller_id: optionalText(64),
    }),
    z.object({
      event: z.literal('NOTIFY_OUT_END'),
      pbx_call_id: callId,
      call_start: callStart,
      internal: extension,
      destination: number,
      caller_id: optionalText(64),
      ...ending,
    }),
    z.object({
      event: z.literal('NOTIFY_RECORD'),
      pbx_call_id: callId,
      call_id_with_rec: z.string().check(z.minLength(1), z.maxLength(200)),
    }),
    z.object({ event: z.literal('NOTIFY_IVR') }),
  ]);
});
type Notification = z.output<typeof Notification>;

/** E.164 when it is a phone number: as dialled in the default country, else international. */
const phone = (input: string | undefined, country: string): string | undefined => {
  if (!input) return undefined;
  const local = toE164(input, country);
  if (local.ok) return local.e164;
  const international = /^\d{8,15}$/.test(input) ? toE164(`+${input}`, country) : undefined;
  return international?.ok ? international.e164 : undefined;
};

/** `call_start` as an instant, read in the business time zone; undefined if implausible. */
const startOf = (callStartLocal: string, context: TelephonyContext): string | undefined => {
  const [day = '', time = ''] = callStartLocal.split(' ');
  const instant = zonedTimeToInstant(day, time, context.timeZone).getTime();
  if (instant > context.receivedAt.getTime() + MAX_START_AHEAD_MS) return undefined;
  return new Date(instant).toISOString();
};

const agentOf = (internal: string | undefined): AgentRef | undefined =>
  internal ? { extension: internal } : undefined;

const directionOf = (pbxCallId: string): CallDirection | undefined =>
  pbxCallId.startsWith('out_') ? 'outbound' : pbxCallId.startsWith('in_') ? 'inbound' : undefined;

/** The end of a call: talk is `duration` only when answered (§4.7), the receipt is the end. */
const endingOf = (
  n: { readonly duration: string; readonly disposition: string; readonly status_code?: string },
  at: string,
) => {
  const raw = n.disposition
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, ' ');
  const disposition = DISPOSITIONS.get(raw);
  return {
    endedAt: at,
    disposition,
    talkSeconds: disposition === 'answered' ? Number(n.duration) : 0,
    // A value we do not know yet is kept on the record as said; no outcome is guessed from it.
    reason: (disposition
      ? n.status_code
      : [n.disposition, n.status_code].filter(Boolean).join(' ')
    )?.slice(0, 200),
  };
};

const toEvents = (n: Notification, context: TelephonyContext): CallEvent[] => {
  // IVR steps are not call facts; a recording has no link until the API is asked (§4.2).
  if (n.event === 'NOTIFY_IVR' || n.event === 'NOTIFY_RECORD') return [];
  const at = context.receivedAt.toISOString(); // Zadarma events carry no time of their own
  const startedAt = startOf(n.call_start, context);
  const country = context.defaultCountry;
  // NOTIFY_ANSWER is the one event both directions send; only its unsigned id prefix tells.
  // Outbound only when its signed destination is a phone too (the client dialled): an inbound
  // answer's destination is the extension, so a replay with `out_` stays on its inbound call.
  const direction: CallDirection =
    n.event === 'NOTIFY_OUT_START' || n.event === 'NOTIFY_OUT_END'
      ? 'outbound'
      : n.event === 'NOTIFY_ANSWER' &&
          directionOf(n.pbx_call_id) === 'outbound' &&
          phone(n.destination, country)
        ? 'outbound'
        : 'inbound';
  const callId = signedCallId(
    direction,
    direction === 'outbound' && 'destination' in n ? n.destination : (n.caller_id ?? ''),
    n.call_start,
    country,
  );
  const base = { provider: 'zadarma', callId, final: false, at, startedAt } as const;
  // Our DID as a phone when it is one, else as Zadarma names it.
  const inbound = (e: { readonly caller_id: string; readonly called_did: string }) =>
    ({
      direction: 'inbound',
      customer: phone(e.caller_id, country),
      line: phone(e.called_did, country) ?? (e.called_did || undefined),
    }) as const;

  switch (n.event) {
    case 'NOTIFY_START':
      return [
        {
          ...base,
          ...inbound(n),
          eventKey: `${callId}#${n.event}`,
          kind: 'started',
          at: startedAt ?? at,
        },
      ];
    case 'NOTIFY_INTERNAL':
      return [
        {
          ...base,
          ...inbound(n),
          // One per extension offered the call: not duplicates of each other.
          eventKey: `${callId}#${n.event}#${n.internal}`,
          kind: 'ringing',
          agent: agentOf(n.internal),
        },
      ];
    case 'NOTIFY_ANSWER': {
      return [
        {
          ...base,
          // A transfer is answered again by another extension: that answer is a fact too.
          eventKey: `${callId}#${n.event}${n.internal ? `#${n.internal}` : ''}`,
          kind: 'answered',
          direction,
          customer: phone(direction === 'outbound' ? n.destination : n.caller_id, country),
          agent: agentOf(n.internal),
          answeredAt: at,
        },
      ];
    }
    case 'NOTIFY_END':
      return [
        {
          ...base,
          ...inbound(n),
          eventKey: `${callId}#${n.event}`,
          kind: 'ended',
          final: true,
          agent: agentOf(n.internal),
          ...endingOf(n, at),
        },
      ];
    case 'NOTIFY_OUT_START':
    case 'NOTIFY_OUT_END': {
      const end = n.event === 'NOTIFY_OUT_END';
      return [
        {
          ...base,
          eventKey: `${callId}#${n.event}`,
          kind: end ? 'ended' : 'started',
          final: end,
          direction: 'outbound',
          customer: phone(n.destination, country),
          // The number shown to the client, when Zadarma says (it was seen as `0`).
          line: phone(n.caller_id, country),
          agent: agentOf(n.internal),
          ...(end ? endingOf(n, at) : {}),
        },
      ];
    }
  }
};

/** The notification's signed `call_start` as an instant in the account's time zone. */
const signedStart = (fields: Record<string, string>, timeZone: string): Date | undefined => {
  const start = fields.call_start;
  if (!start || !callStart.safeParse(start).success) return undefined;
  const [day = '', time = ''] = start.split(' ');
  return zonedTimeToInstant(day, time, timeZone);
};

export const zadarma: TelephonyChannel = {
  provider: 'zadarma',
  secretNames: [ZADARMA_SECRET],
  pathTokenName: ZADARMA_WEBHOOK_TOKEN,

  handshake(request) {
    const echo = request.query.get('zd_echo');
    if (request.method !== 'GET' || echo === null || !SAFE_ECHO.test(echo)) return undefined;
    return { body: echo, contentType: 'text/plain; charset=utf-8' };
  },

  verify(request, secret) {
    const key = secret(ZADARMA_SECRET);
    const signature = request.headers.signature;
    if (!key || !signature) return false;
    const fields = formFields(request.body);
    const sign = (names: readonly string[]) =>
      Buffer.from(
        hmacHex('sha1', key, names.map((name) => fields[name] ?? '').join('')),
        'utf8',
      ).toString('base64');
    const signed = SIGNED_FIELDS.get(fields.event ?? '');
    if (signed) return safeEqual(signature, sign(signed));
    // An event we do not know yet: signed like one of those we know, it is Zadarma's (and is
    // then held, not understood); signed like none, it is not.
    let valid = false;
    for (const names of DISTINCT_SIGNED_FIELDS) valid = safeEqual(signature, sign(names)) || valid;
    return valid;
  },

  // `call_start` is signed: a notification of a call that started long ago is a replay (the
  // outcome fields are not signed, so one capture could otherwise forge any outcome for ever).
  signedTime: (request, timeZone) => signedStart(formFields(request.body), timeZone),

  // The signature does not cover `duration`: an end claiming more talk than the time since its
  // signed `call_start` is not Zadarma's (a replay with a forged outcome). Not judged when the
  // start lies ahead of receipt (TIME_ZONE not the account's: the start cannot be trusted).
  implausible(request, receivedAt, timeZone) {
    const fields = formFields(request.body);
    if (fields.event !== 'NOTIFY_END' && fields.event !== 'NOTIFY_OUT_END') return undefined;
    const duration = fields.duration;
    const start = signedStart(fields, timeZone);
    if (!duration || !/^\d{1,6}$/.test(duration) || !start) return undefined;
    const elapsed = receivedAt.getTime() - start.getTime();
    if (elapsed < -MAX_START_AHEAD_MS) return undefined;
    if (Number(duration) * 1000 <= Math.max(elapsed, 0) + DURATION_SKEW_MS) return undefined;
    return `duration ${duration} s is longer than the ${Math.max(0, Math.floor(elapsed / 1000))} s since the signed call_start: refused as a forged replay.`;
  },

  parse: (request, context) =>
    parseWith(Notification, formFields(request.body), (n) => toEvents(n, context)),

  // Always empty: any JSON could be read by the PBX as a routing command (§4.5).
  reply: () => EMPTY_REPLY,
};
