import type { SecretLookup } from '../../config';
import type { CallEvent, TelephonyProvider } from '../../domain/calls/types';
import type { ParseResult, RawWebhook } from '../types';

/** A webhook request as a telephony module sees it. */
export type TelephonyRequest = RawWebhook & {
  readonly method: string;
  /** The body exactly as received (signatures over raw bytes); absent: `body` in UTF-8. */
  readonly bytes?: Uint8Array | undefined;
  /** What follows /v1/telephony/{provider}: '' or e.g. '/events/summary', '/status'. */
  readonly subPath: string;
  readonly query: URLSearchParams;
  /**
   * The URLs the provider may have signed: PUBLIC_BASE_URL + path + query as received, and the
   * URL the request arrived on (each with and without the default port where it matters).
   */
  readonly signedUrls: readonly string[];
};

export type TelephonyContext = {
  readonly receivedAt: Date;
  readonly defaultCountry: string;
  /** The business time zone, for providers that send local times without a zone (Zadarma). */
  readonly timeZone: string;
};

export type TelephonyReply = {
  readonly status?: 200 | 204;
  readonly body: string;
  readonly contentType: string;
};

/**
 * One provider: how it proves a request is its own, and how its payloads become CallEvents.
 * A module is registered with one line in ./index.ts; nothing else in the code names it.
 */
export type TelephonyChannel = {
  readonly provider: TelephonyProvider;
  /** Configuration names of the secrets it needs; while one is unset its route answers 404. */
  readonly secretNames: readonly string[];
  /**
   * A configuration name holding a secret path segment (`/v1/telephony/{provider}/<token>`):
   * when it is set, a request on any other path is answered 404 before anything else.
   */
  readonly pathTokenName?: string;
  /** Unsigned URL checks the provider makes (Zadarma's zd_echo), answered before verifying. */
  handshake?(request: TelephonyRequest): TelephonyReply | undefined;
  /** Checks the signature on the raw bytes received; false → 401, nothing stored. */
  verify(request: TelephonyRequest, secret: SecretLookup, now: Date): boolean;
  /**
   * When the event happened, by its signed fields (Zadarma's `call_start`, Mango's
   * `timestamp`); undefined when they do not say. A signed event older than the configured
   * window is refused: its signature alone would let it be replayed for ever.
   */
  signedTime?(request: TelephonyRequest, timeZone: string): Date | undefined;
  /**
   * Why a signed request cannot be the provider's: its unsigned fields contradict its signed
   * ones (a Zadarma end with more talk than time since its signed start). Such a request is
   * refused 403 `forbidden`, nothing stored. Undefined when nothing contradicts.
   */
  implausible?(request: TelephonyRequest, receivedAt: Date, timeZone: string): string | undefined;
  /** Zero or more events (a ping or an event we do not count gives none), or the issues. */
  parse(request: TelephonyRequest, context: TelephonyContext): ParseResult<readonly CallEvent[]>;
  /** What to answer once the events are queued (TwiML for Twilio's Dial action, …). */
  reply(request: TelephonyRequest, events: readonly CallEvent[]): TelephonyReply;
};

export const EMPTY_REPLY: TelephonyReply = { body: '', contentType: 'text/plain; charset=utf-8' };
