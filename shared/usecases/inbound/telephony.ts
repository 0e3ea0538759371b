import { telephonyChannels } from '../../channels/telephony';
import type { TelephonyRequest } from '../../channels/telephony/types';
import { safeEqual } from '../../crypto';
import type { CallEvent } from '../../domain/calls/types';
import type { CallMessage } from '../../domain/messages';
import type { InboundRequest } from '../../domain/quarantine';
import { acceptedOrHeld, bodyText, type InboundReader, refused } from './types';

/**
 * 12 hours: a call's final notification comes when it ends, and a sales call may last hours
 * (a call still open after CALL_FINALIZE_AFTER_SECONDS, 4 h by default, is closed from the
 * evidence anyway); a replay is refused once the call it copies is this old.
 */
export const TELEPHONY_MAX_EVENT_AGE_DEFAULT = 43_200;

/** The id of a call event on the intake queue: stable across the provider's retries. */
export const callEventId = (event: CallEvent): string =>
  `${event.provider}:${event.callId}:${event.eventKey}`;

const toMessage = (event: CallEvent, receivedAt: Date): CallMessage => ({
  kind: 'call',
  eventId: callEventId(event),
  receivedAt: receivedAt.toISOString(),
  event,
});

const toTelephonyRequest = (request: InboundRequest): TelephonyRequest => ({
  method: request.method,
  body: bodyText(request),
  bytes: request.bytes,
  headers: request.headers,
  url: request.url,
  subPath: request.subPath,
  query: new URLSearchParams(request.query),
  signedUrls: request.signedUrls,
});

/**
 * `/v1/telephony/{provider}[/…]`: the provider's handshake, its signature on the raw bytes,
 * then its parser. A signed request the parser cannot read is held, answered as the provider
 * expects (Twilio's Dial action: empty TwiML).
 */
export const readTelephony: InboundReader = async (request, deps, options) => {
  const channel = (deps.channels?.telephony ?? telephonyChannels).get(request.name);
  if (!channel || channel.secretNames.some((name) => !deps.secret(name))) {
    return refused('unknown_provider');
  }
  const pathToken = channel.pathTokenName ? deps.secret(channel.pathTokenName) : undefined;
  if (pathToken !== undefined && !safeEqual(request.subPath.replace(/\/$/, ''), `/${pathToken}`)) {
    // As if there were no such route: a sender without the URL learns nothing.
    return refused('not_found');
  }
  const telephony = toTelephonyRequest(request);
  const handshake = channel.handshake?.(telephony);
  if (handshake) return { kind: 'answer', reply: handshake };
  if (!channel.verify(telephony, deps.secret, options.verifyAt)) return refused('bad_signature');
  const signedAt = channel.signedTime?.(telephony, deps.timeZone);
  const maxAge = deps.telephonyMaxEventAgeSeconds ?? TELEPHONY_MAX_EVENT_AGE_DEFAULT;
  if (signedAt && options.verifyAt.getTime() - signedAt.getTime() > maxAge * 1000) {
    return refused(
      'forbidden',
      `The event is older than ${maxAge} s by its signed time: refused as a replay.`,
    );
  }
  const implausible = channel.implausible?.(telephony, request.receivedAt, deps.timeZone);
  if (implausible) return refused('forbidden', implausible);

  const parsed = channel.parse(telephony, {
    receivedAt: request.receivedAt,
    defaultCountry: deps.defaultCountry,
    timeZone: deps.timeZone,
  });
  if (!parsed.ok) {
    return {
      kind: 'held',
      reason: 'not_understood',
      issues: parsed.issues,
      reply: channel.reply(telephony, []),
      authenticatedBy: 'signature',
    };
  }
  return acceptedOrHeld(
    parsed.value.map((event) => toMessage(event, request.receivedAt)),
    channel.reply(telephony, parsed.value),
    channel.reply(telephony, []),
    { authenticatedBy: 'signature' },
  );
};
