import type { SecretLookup } from '../../config';
import type { LeadEvent } from '../../domain/messages';
import type { Messenger } from '../../domain/types';
import type { ParseResult, RawWebhook } from '../types';

/** A webhook request as a messenger module sees it. */
export type MessengerRequest = RawWebhook & {
  readonly method: string;
  /** The body exactly as received, for HMACs: never re-serialized JSON. */
  readonly bytes: Uint8Array;
  /**
   * The body parsed as JSON (every supported platform posts JSON). Undefined for GET
   * handshakes, and for a body that is not JSON (verify may still run on the bytes; parse is
   * never called then).
   */
  readonly json: unknown;
  readonly query: URLSearchParams;
  /**
   * The optional URL segment after the channel (/v1/messengers/{channel}/{account}): the bot's
   * name for Telegram, the community id for VK. Matches the module's `accountPattern`.
   */
  readonly account?: string | undefined;
  /**
   * Read again from the quarantine: the plain shared secret (a header, a body field) is there as
   * its sha256 hex — or, held before secrets were sealed, as it came.
   */
  readonly secretsHashed?: boolean | undefined;
};

export type MessengerContext = {
  readonly receivedAt: Date;
  readonly defaultCountry: string;
};

export type MessengerReply = {
  readonly status?: 200;
  readonly body: string;
  readonly contentType: string;
};

/**
 * One messenger platform: how it proves a request is its own, and how its updates become
 * LeadEvents. A module is registered with one line in ./index.ts; nothing else names it.
 */
export type MessengerChannel = {
  readonly channel: Messenger;
  /** Configuration names of the secrets it needs; while one is unset its route answers 404. */
  readonly secretNames: readonly string[];
  /** Content types the platform posts; anything else is 415 (it cannot be the platform). */
  readonly mediaTypes: readonly string[];
  /** Whether the platform may post without a Content-Type header at all. */
  readonly mediaTypeOptional?: boolean;
  /**
   * The configuration name of a shared secret that travels inside the JSON body (VK's `secret`):
   * a body that is not JSON cannot be authenticated, so it is refused, never held; a held body
   * keeps only the secret's sha256.
   */
  readonly secretInBody?: string;
  /** A header that carries the shared secret itself (Telegram's): a held request keeps its sha256. */
  readonly secretHeader?: string;
  /** The URL segment after the channel, when the module accepts one; otherwise none is. */
  readonly accountPattern?: RegExp;
  /**
   * Unsigned checks the platform makes (Meta's GET verification), answered before verifying:
   * the reply, or 'forbidden' (403) when the check does not hold.
   */
  handshake?(request: MessengerRequest, secret: SecretLookup): MessengerReply | 'forbidden';
  /** Checks the secret or signature; false → 401, nothing stored. */
  verify(request: MessengerRequest, secret: SecretLookup, now: Date): boolean;
  /**
   * Zero or more lead events (zero: a status receipt, an edit, a service event — acknowledged
   * and ignored), or the issues with the payload.
   */
  parse(request: MessengerRequest, context: MessengerContext): ParseResult<readonly LeadEvent[]>;
  /** What to answer once the events are queued (VK wants the text `ok`, or its code). */
  reply(
    request: MessengerRequest,
    events: readonly LeadEvent[],
    secret: SecretLookup,
  ): MessengerReply;
};

export const TEXT = 'text/plain; charset=utf-8';

/** The longest text kept per message (the lead event allows 10 000 characters). */
export const MAX_MESSAGE_TEXT = 10_000;
export const MAX_NAME = 200;

/** First name + last name, trimmed and capped; undefined when both are empty. */
export const fullName = (...parts: readonly (string | undefined)[]): string | undefined => {
  const name = parts
    .map((part) => part?.trim() ?? '')
    .filter((part) => part !== '')
    .join(' ')
    .slice(0, MAX_NAME);
  return name === '' ? undefined : name;
};

/** The message text, or a short description of what was sent instead ("[photo] caption"). */
export const describeMessage = (
  kind: string | undefined,
  text: string | undefined,
): string | undefined => {
  const trimmed = text?.trim();
  const described = kind ? (trimmed ? `[${kind}] ${trimmed}` : `[${kind}]`) : trimmed;
  return described ? described.slice(0, MAX_MESSAGE_TEXT) : undefined;
};
