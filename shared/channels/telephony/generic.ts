import * as z from 'zod/mini';
import { hmacHex, safeEqual } from '../../crypto';
import type { CallEvent } from '../../domain/calls/types';
import { DISPOSITIONS } from '../../domain/calls/types';
import { toE164 } from '../../domain/phone';
import { lenientInt, optionalUrl, parseWith } from '../parse-with';
import type { TelephonyChannel } from './types';

/**
 * The documented generic format (API.md) for PBXs without a built-in adapter: one JSON event
 * per request, signed `sha256=<hex HMAC-SHA256("<timestamp>.<raw body>")>` with
 * GENERIC_TELEPHONY_SECRET, timestamps within 300 s of now.
 */
export const GENERIC_SECRET = 'GENERIC_TELEPHONY_SECRET';
export const GENERIC_TOLERANCE_SECONDS = 300;

const isoWithOffset = z.iso.datetime({ offset: true });

const GenericEvent = z.lazy(() =>
  z.object({
    eventId: z.string().check(z.minLength(1), z.maxLength(200)),
    callId: z.string().check(z.minLength(1), z.maxLength(200)),
    event: z.enum(['started', 'answered', 'ended']),
    direction: z.enum(['inbound', 'outbound']),
    from: z.string().check(z.maxLength(300)),
    to: z.string().check(z.maxLength(300)),
    extension: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    at: isoWithOffset,
    /** switchboard's extension: on `ended`, when the call began (if no `started` was sent). */
    startedAt: z.optional(isoWithOffset),
    disposition: z.optional(z.enum(DISPOSITIONS)),
    /** A number, or a string of digits (PBX scripts send both). */
    talkSeconds: z.optional(z.pipe(lenientInt, z.number().check(z.gte(0), z.lte(86_400)))),
    recordingUrl: optionalUrl,
  }),
);

/** One event of the generic format as a PBX posts it (API.md). */
export type GenericTelephonyEvent = z.input<typeof GenericEvent>;

export const generic: TelephonyChannel = {
  provider: 'generic',
  secretNames: [GENERIC_SECRET],

  verify(request, secret, now) {
    const key = secret(GENERIC_SECRET);
    const timestamp = request.headers['x-switchboard-timestamp'];
    const signature = request.headers['x-switchboard-signature'];
    if (!key || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
    const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
    if (skew > GENERIC_TOLERANCE_SECONDS) return false; // a replay, or a clock far off
    // Over the bytes as received: a body that is not UTF-8 still verifies (and is then held).
    const body = request.bytes ? Buffer.from(request.bytes) : Buffer.from(request.body, 'utf8');
    const signed = Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), body]);
    return safeEqual(signature, `sha256=${hmacHex('sha256', key, signed)}`);
  },

  parse(request, context) {
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return { ok: false, issues: [{ path: '', message: 'the body is not valid JSON' }] };
    }
    return parseWith(GenericEvent, body, (e): CallEvent[] => {
      const inbound = e.direction === 'inbound';
      const customerInput = inbound ? e.from : e.to;
      const customer = toE164(customerInput, context.defaultCountry);
      const at = new Date(e.at).toISOString();
      return [
        {
          provider: 'generic',
          callId: e.callId,
          eventKey: e.eventId,
          kind: e.event,
          final: e.event === 'ended',
          at,
          direction: e.direction,
          customer: customer.ok ? customer.e164 : undefined,
          line: inbound ? e.to : e.from,
          agent: e.extension ? { extension: e.extension } : undefined,
          ...(e.event === 'started' ? { startedAt: at } : {}),
          ...(e.event !== 'started' && e.startedAt
            ? { startedAt: new Date(e.startedAt).toISOString() }
            : {}),
          ...(e.event === 'answered' ? { answeredAt: at } : {}),
          ...(e.event === 'ended'
            ? { endedAt: at, disposition: e.disposition, talkSeconds: e.talkSeconds }
            : {}),
          recordingUrl: e.recordingUrl,
        },
      ];
    });
  },

  reply: () => ({ body: JSON.stringify({ accepted: true }), contentType: 'application/json' }),
};
