import * as z from 'zod/mini';
import { safeEqual, sha256Hex } from '../../crypto';
import type { AgentRef, CallEvent, Disposition } from '../../domain/calls/types';
import { toE164 } from '../../domain/phone';
import { parseWith } from '../parse-with';
import type { ParseResult } from '../types';
import { EMPTY_REPLY, type TelephonyChannel } from './types';

/**
 * Mango Office VPBX API notifications (reference/telephony.md §5). The account's API connector
 * posts to `{base}/events/call`, `/events/summary`, `/events/recording`, `/events/record/added`,
 * … a form with three fields: `vpbx_api_key`, `sign`, `json`, where
 * sign = hex(SHA-256(vpbx_api_key + json + vpbx_api_salt)), a plain hash, over `json` exactly as
 * received. One whole call is an `entry_id`; each leg (IVR, queue, every phone rung) is a
 * `call_id`; `events/summary` is the PBX's final word on the call.
 */
export const MANGO_API_KEY = 'MANGO_API_KEY';
export const MANGO_API_SALT = 'MANGO_API_SALT';

// ---------------------------------------------------------------------------------------------
// The form

const FORM_FIELDS: ReadonlySet<string> = new Set(['vpbx_api_key', 'sign', 'json']);

type MangoForm =
  /** A notification: it must carry a valid signature over `json`. */
  | { readonly kind: 'signed'; readonly key: string; readonly sign: string; readonly json: string }
  /**
   * The account's "Проверить подключение": no `json` (absent or blank), nothing but Mango's
   * own field names. It cannot carry an event, so it is acknowledged with none.
   */
  | { readonly kind: 'ping'; readonly key: string | undefined }
  /** Anything else: a body we could not read as Mango's form is never acknowledged. */
  | { readonly kind: 'unreadable' };

const readForm = (body: string): MangoForm => {
  const params = new URLSearchParams(body);
  const single = (name: string): string | undefined | null => {
    const values = params.getAll(name);
    return values.length === 0 ? undefined : values.length === 1 ? values[0] : null;
  };
  const key = single('vpbx_api_key');
  const sign = single('sign');
  const json = single('json');
  // A repeated field would leave open which copy was signed and which one is parsed.
  if (key === null || sign === null || json === null) return { kind: 'unreadable' };

  if (json === undefined || json.trim() === '') {
    // A body we failed to decode (still base64, JSON instead of a form, cut short) has other
    // field names: it must fail loudly (401) rather than be taken for a ping and dropped.
    const onlyOurs = [...params.keys()].every((name) => FORM_FIELDS.has(name));
    return onlyOurs ? { kind: 'ping', key: key || undefined } : { kind: 'unreadable' };
  }
  if (!key || !sign) return { kind: 'unreadable' };
  return { kind: 'signed', key, sign, json };
};

// ---------------------------------------------------------------------------------------------
// Payload schemas: the docs declare integers, their own examples send "seq":"1"; both are read.
// The pieces several payloads share are `z.lazy` too: built with the first payload that uses them.

const MAX_UNIX_SECONDS = 10_000_000_000; // year 2286: anything later is not a Unix time

/** A non-negative integer sent as a number or as a string of digits. */
const whole = z.lazy(() =>
  z.pipe(
    z.union(
      [z.number().check(z.int(), z.gte(0)), z.string().check(z.trim(), z.regex(/^\d{1,15}$/))],
      'expected a non-negative integer, as a number or a string of digits',
    ),
    z.transform((value: number | string) => Number(value)),
  ),
);
const wholeUpTo = (max: number) => z.pipe(whole, z.number().check(z.lte(max)));
/** A Unix time; `talk_time` alone may be 0 ("never answered"). */
const unixSeconds = z.lazy(() => wholeUpTo(MAX_UNIX_SECONDS));
const instant = z.lazy(() => z.pipe(unixSeconds, z.number().check(z.gte(1))));
const code = z.lazy(() => wholeUpTo(999_999));

/** Text sent as a string or as a number ("extension": "29" or 29). */
const text = (max: number) =>
  z.pipe(
    z.union([z.string().check(z.maxLength(max)), z.number()]),
    z.transform((value: string | number) => String(value).trim()),
  );
const id = z.lazy(() =>
  z.pipe(text(200), z.string().check(z.minLength(1, 'expected a non-empty id'))),
);
/** Providers leave out what they do not know, or send null: both read as undefined. */
const maybe = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.optional(z.nullable(schema)),
    z.transform((value: z.output<T> | null | undefined) => value ?? undefined),
  );

const Party = z.lazy(() =>
  z.object({
    extension: maybe(text(200)),
    /** A phone, an FMC number or a SIP URI. */
    number: maybe(text(500)),
    line_number: maybe(text(200)),
  }),
);

const CallLeg = z.lazy(() =>
  z.object({
    entry_id: id,
    call_id: id,
    timestamp: instant,
    seq: wholeUpTo(1_000_000_000),
    call_state: text(200),
    location: maybe(text(200)),
    from: maybe(Party),
    to: maybe(Party),
    disconnect_reason: maybe(code),
    callback_initiator: maybe(text(200)),
  }),
);
type CallLeg = z.output<typeof CallLeg>;

const Summary = z.lazy(() =>
  z.object({
    entry_id: id,
    call_direction: z.pipe(whole, z.literal([0, 1, 2], 'expected 0 (internal), 1 (in) or 2 (out)')),
    from: maybe(Party),
    to: maybe(Party),
    line_number: maybe(text(200)),
    create_time: instant,
    talk_time: unixSeconds,
    end_time: instant,
    disconnect_reason: maybe(code),
  }),
);
type Summary = z.output<typeof Summary>;

const Recording = z.lazy(() =>
  z.object({
    entry_id: id,
    call_id: maybe(id),
    recording_id: id,
    recording_state: text(200),
    seq: maybe(wholeUpTo(1_000_000_000)),
    timestamp: instant,
    completion_code: maybe(code),
  }),
);

const RecordAdded = z.lazy(() =>
  z.object({
    entry_id: id,
    recording_id: id,
    timestamp: instant,
  }),
);

// ---------------------------------------------------------------------------------------------
// Mapping

/**
 * Unix seconds as an instant. The newer doc labels these fields "UTC+3", the 2017 doc "UTC";
 * a Unix time has no zone, so it is read as the epoch count it is (reference §5.7).
 */
const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

const present = (value: string | undefined): string | undefined => (value ? value : undefined);

/**
 * Mango writes numbers internationally without "+" (74951234567). Read as the default
 * country's number first; a foreign one (375291234567) only parses with its "+" back.
 */
const phoneOf = (input: string | undefined, defaultCountry: string): string | undefined => {
  if (!input) return undefined;
  const national = toE164(input, defaultCountry);
  if (national.ok) return national.e164;
  if (!/^\d{11,15}$/.test(input)) return undefined;
  const international = toE164(`+${input}`, defaultCountry);
  return international.ok ? international.e164 : undefined;
};

/** Our line as a phone (E.164, as the other providers give it) when it is one, else as Mango names it. */
const ourLine = (input: string | undefined, country: string): string | undefined =>
  phoneOf(input, country) ?? present(input);

/** A manager's line: the extension when there is one, else a device number that is a phone. */
const lineOf = (
  party: z.output<typeof Party> | undefined,
  country: string,
): AgentRef | undefined => {
  const extension = present(party?.extension);
  if (extension) return { extension };
  const phone = phoneOf(present(party?.number), country);
  return phone ? { phone } : undefined;
};

/**
 * Why an unanswered call ended, from `disconnect_reason` (reference §5.6). Unknown codes are
 * read by their class (1119 as 111x).
 */
export const dispositionOfReason = (reason: number | undefined): Disposition => {
  if (reason === undefined) return 'no-answer';
  if (reason === 1110) return 'canceled'; // the caller hung up
  if (reason === 1121) return 'busy';
  if (reason === 1122) return 'rejected';
  if (reason === 1123) return 'unavailable'; // do not disturb
  if (reason >= 1000 && reason <= 1999) {
    switch (Math.floor(reason / 10) * 10) {
      case 1120: // ended by the called party (1120), and other 112x refusals
      case 1150: // black- or white-list filtering: our side refused the call
        return 'rejected';
      case 1130: // unavailable, not served, nonexistent, too many forwards
      case 1180: // ended by a command, an external system, another operator
        return 'failed';
      case 1170: // ended by the forwarding scheme (IVR), or a broken scheme
        return 'ivr';
      case 1190: // number inactive, off by schedule: outside working hours
        return 'unavailable';
      default: // 1100 normal end, 111x, 116x group/queue timeouts: nobody answered
        return 'no-answer';
    }
  }
  if (reason >= 2000 && reason <= 5999) return 'failed'; // billing, wrong number, unreachable, overload
  return 'no-answer';
};

const legEvents = (leg: CallLeg, defaultCountry: string): CallEvent[] => {
  const at = iso(leg.timestamp);
  const callee = present(leg.to?.extension);
  const caller = present(leg.from?.extension);
  const base = {
    provider: 'mango',
    callId: leg.entry_id,
    eventKey: `${leg.call_id}#${leg.seq}`,
    final: false,
    leg: leg.call_id,
    sequence: leg.seq,
    at,
    line: ourLine(leg.to?.line_number, defaultCountry),
  } as const;

  // Employee to employee: an internal call (its summary is dropped too), a consultation before
  // a transfer, or the PBX fetching the employee for a callback. None is the client's call,
  // and keeping them would leave internal calls open forever with no summary to end them.
  if (callee && caller) return [];

  switch (leg.call_state) {
    case 'Appeared':
      // Offered to an employee's line; or the call arriving (IVR, queue), or dialling out.
      return callee
        ? [{ ...base, kind: 'ringing', agent: { extension: callee } }]
        : [{ ...base, kind: 'started', agent: caller ? { extension: caller } : undefined }];
    case 'Connected': {
      // In the IVR or a queue the PBX itself "answers": not a human.
      if (leg.location !== 'abonent') return [];
      // A callback first rings our own employee; only the client's leg answering counts.
      if (callee && present(leg.callback_initiator)) return [];
      const who = callee ?? caller;
      return [
        { ...base, kind: 'answered', answeredAt: at, agent: who ? { extension: who } : undefined },
      ];
    }
    case 'Disconnected':
      // Leg talk is left to the summary: legs of one conversation overlap in a transfer.
      return [
        {
          ...base,
          kind: 'leg-ended',
          agent: callee ? { extension: callee } : undefined,
          reason: leg.disconnect_reason === undefined ? undefined : String(leg.disconnect_reason),
        },
      ];
    default:
      return []; // OnHold, and states added later
  }
};

const summaryEvents = (s: Summary, defaultCountry: string): CallEvent[] => {
  if (s.call_direction === 0) return []; // internal: between employees, not a sales call
  const inbound = s.call_direction === 1;
  // talk_time is the moment of the answer, 0 when nobody answered. It wins over entry_result,
  // which the doc's own IVR example sets to 1 with talk_time 0.
  const answered = s.talk_time > 0;
  const endedAt = iso(s.end_time);
  return [
    {
      provider: 'mango',
      callId: s.entry_id,
      eventKey: `${s.entry_id}#summary`,
      kind: 'ended',
      final: true,
      at: endedAt,
      direction: inbound ? 'inbound' : 'outbound',
      customer: phoneOf(present(inbound ? s.from?.number : s.to?.number), defaultCountry),
      line: ourLine(s.line_number, defaultCountry),
      // Inbound: who answered, or the first link that missed; outbound: who called.
      agent: lineOf(inbound ? s.to : s.from, defaultCountry),
      startedAt: iso(s.create_time),
      answeredAt: answered ? iso(s.talk_time) : undefined,
      endedAt,
      talkSeconds: answered ? Math.max(0, s.end_time - s.talk_time) : 0,
      disposition: answered ? 'answered' : dispositionOfReason(s.disconnect_reason),
      reason: s.disconnect_reason === undefined ? undefined : String(s.disconnect_reason),
    },
  ];
};

const recordingEvent = (
  callId: string,
  recordingId: string,
  state: string,
  at: string,
  leg?: string,
  sequence?: number,
): CallEvent => ({
  provider: 'mango',
  callId,
  eventKey: `${recordingId}#${state}`,
  kind: 'recording',
  final: false,
  leg,
  sequence,
  at,
  // Mango names a recording by id; a link needs a signed API request, not a stored URL.
  recordingUrl: undefined,
});

const COMPLETED_OK = 1000;

type Route = (data: unknown, defaultCountry: string) => ParseResult<readonly CallEvent[]>;

const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['/events/call', (data, country) => parseWith(CallLeg, data, (leg) => legEvents(leg, country))],
  [
    '/events/summary',
    (data, country) => parseWith(Summary, data, (s) => summaryEvents(s, country)),
  ],
  [
    '/events/recording',
    (data) =>
      parseWith(Recording, data, (r): CallEvent[] => {
        // Only a kept recording is one "available": Started and Continued are not yet,
        // a completion code other than 1000 (billing limit, too short) means none was kept.
        const state = r.recording_state.toLowerCase();
        if (state !== 'completed') return [];
        if (r.completion_code !== undefined && r.completion_code !== COMPLETED_OK) return [];
        return [
          recordingEvent(
            r.entry_id,
            r.recording_id,
            state,
            iso(r.timestamp),
            present(r.call_id),
            r.seq,
          ),
        ];
      }),
  ],
  [
    '/events/record/added',
    (data) =>
      parseWith(RecordAdded, data, (r) => [
        recordingEvent(r.entry_id, r.recording_id, 'added', iso(r.timestamp)),
      ]),
  ],
]);

/** `//events/call/` (a base URL entered with a trailing slash) is `/events/call`. */
const routeOf = (subPath: string): string => subPath.replace(/\/{2,}/g, '/').replace(/\/$/, '');

/**
 * The documented routes we do not count (reference/telephony.md §5.1): key presses, SMS, and the
 * results of commands (`/result/<command>`). Any other route is one we do not know: its signed
 * request is held, never acknowledged and dropped.
 */
const isIgnoredRoute = (route: string): boolean =>
  route === '/events/dtmf' || route === '/events/sms' || /^\/result\/[^/]+$/.test(route);

// ---------------------------------------------------------------------------------------------

export const mango: TelephonyChannel = {
  provider: 'mango',
  secretNames: [MANGO_API_KEY, MANGO_API_SALT],

  verify(request, secret) {
    const apiKey = secret(MANGO_API_KEY);
    const salt = secret(MANGO_API_SALT);
    if (!apiKey || !salt) return false;
    const form = readForm(request.body);
    switch (form.kind) {
      case 'unreadable':
        return false;
      case 'ping':
        // Nothing to sign and nothing to store (parse gives no events for the same form); a
        // key that is given must still be ours, so a misconfigured account fails its test.
        return form.key === undefined || safeEqual(form.key, apiKey);
      case 'signed': {
        // Both compared in constant time, and both always, so timing tells nothing apart.
        const keyMatches = safeEqual(form.key, apiKey);
        const signMatches = safeEqual(
          form.sign.toLowerCase(),
          sha256Hex(`${apiKey}${form.json}${salt}`),
        );
        return keyMatches && signMatches;
      }
    }
  },

  // The whole json is signed, its times with it: a captured event replayed long after is refused
  // (an identical copy within the window is deduplicated by its event id).
  signedTime(request) {
    const form = readForm(request.body);
    if (form.kind !== 'signed') return undefined;
    try {
      const data: unknown = JSON.parse(form.json);
      if (!data || typeof data !== 'object') return undefined;
      const { timestamp, end_time: endTime } = data as Record<string, unknown>;
      const seconds = Number(timestamp ?? endTime);
      return Number.isFinite(seconds) && seconds > 0 && seconds < MAX_UNIX_SECONDS
        ? new Date(seconds * 1000)
        : undefined;
    } catch {
      return undefined;
    }
  },

  parse(request, context) {
    const form = readForm(request.body);
    if (form.kind === 'ping') return { ok: true, value: [] };
    if (form.kind === 'unreadable') {
      return {
        ok: false,
        issues: [{ path: '', message: 'expected the form fields vpbx_api_key, sign and json' }],
      };
    }
    const path = routeOf(request.subPath);
    const route = ROUTES.get(path);
    if (!route) {
      if (isIgnoredRoute(path)) return { ok: true, value: [] }; // nothing we count
      return {
        ok: false,
        issues: [
          {
            path: 'route',
            message: `an unknown Mango route "${path.slice(0, 100) || '/'}": not one we read`,
          },
        ],
      };
    }
    let data: unknown;
    try {
      data = JSON.parse(form.json);
    } catch {
      return { ok: false, issues: [{ path: 'json', message: 'the json field is not valid JSON' }] };
    }
    return route(data, context.defaultCountry);
  },

  reply: () => EMPTY_REPLY,
};
