import type { MessengerChannel } from '../../channels/messengers/types';
import { toIssues } from '../../channels/parse-with';
import type { TelephonyChannel } from '../../channels/telephony/types';
import type { Issue } from '../../channels/types';
import type { SecretLookup } from '../../config';
import { type IntakeMessage, IntakeMessageSchema } from '../../domain/messages';
import type { HeldReason, InboundRequest, PlainSecrets } from '../../domain/quarantine';
import type { ErrorCode } from '../../http/problem';
import type { SiteStore } from '../../ports';

/** What the sender is answered: the channel's usual reply. */
export type InboundReply = {
  readonly status?: 200 | 204;
  readonly body: string;
  readonly contentType: string;
};

/**
 * What an inbound request is, once authenticated and read — the same whether it has just
 * arrived or is read again from the quarantine:
 * - `refused`: unauthenticated, forged, unknown (4xx; nothing is stored);
 * - `answer`: a handshake or a ping, answered with nothing to store;
 * - `accepted`: events to queue, then the reply;
 * - `held`: authenticated but not understood: to be kept (the quarantine), then the reply.
 */
export type InboundOutcome = (
  | {
      readonly kind: 'refused';
      readonly code: ErrorCode;
      readonly message?: string | undefined;
      readonly issues?: readonly Issue[] | undefined;
    }
  | { readonly kind: 'answer'; readonly reply: InboundReply }
  | {
      readonly kind: 'accepted';
      readonly messages: readonly IntakeMessage[];
      readonly reply: InboundReply;
    }
  | {
      readonly kind: 'held';
      readonly reason: HeldReason;
      readonly issues: readonly Issue[];
      readonly reply: InboundReply;
      /** What in the request is a plain shared secret: kept only as its hash. */
      readonly secrets?: PlainSecrets | undefined;
    }
) & {
  /** Extra response headers (a form's CORS headers for its allowed origin). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** How the request was authenticated, once it was. */
  readonly authenticatedBy?: 'origin' | 'token' | 'signature' | undefined;
};

export type InboundDeps = {
  readonly sites: Pick<SiteStore, 'get' | 'countSpam'>;
  readonly secret: SecretLookup;
  readonly defaultCountry: string;
  readonly timeZone: string;
  /**
   * How old (by its own signed time) a telephony event may be when it arrives; older ones are
   * refused as replays (default TELEPHONY_MAX_EVENT_AGE_DEFAULT).
   */
  readonly telephonyMaxEventAgeSeconds?: number | undefined;
  /** The channel modules (default: the registries); tests give tomorrow's parser here. */
  readonly channels?: {
    readonly telephony?: ReadonlyMap<string, TelephonyChannel>;
    readonly messengers?: ReadonlyMap<string, MessengerChannel>;
  };
};

export type ReadOptions = {
  /**
   * The time a signature's freshness is judged at: now for a request just received; its
   * receipt time when read again from the quarantine (it was fresh when it came).
   */
  readonly verifyAt: Date;
  /** A form's site token, from the Authorization header or the query (never stored). */
  readonly token?: string | undefined;
  /** Read again from the quarantine: a form was authenticated at receipt (origin or token). */
  readonly authenticatedBy?: 'origin' | 'token' | 'signature' | undefined;
  /**
   * Read again from the quarantine, where a plain shared secret (Telegram's header, VK's body
   * field) is kept as its sha256 hex: it is compared as such. Never set for a live request.
   */
  readonly fromQuarantine?: boolean | undefined;
};

export type InboundReader = (
  request: InboundRequest,
  deps: InboundDeps,
  options: ReadOptions,
) => Promise<InboundOutcome>;

export const refused = (
  code: ErrorCode,
  message?: string,
  issues?: readonly Issue[],
): InboundOutcome => ({ kind: 'refused', code, message, issues });

const utf8Lenient = new TextDecoder('utf-8');

/** The body as text, invalid bytes replaced (as a web framework's `text()` reads it). */
export const bodyText = (request: InboundRequest): string => utf8Lenient.decode(request.bytes);

/**
 * The events of an accepted request, checked against the intake schema the router reads them
 * with: a mapping that produced something the router would refuse (a poison message, to the DLQ)
 * holds the request instead.
 */
export const acceptedOrHeld = (
  messages: readonly IntakeMessage[],
  reply: InboundReply,
  heldReply: InboundReply,
  extra: Pick<InboundOutcome, 'headers' | 'authenticatedBy'> & {
    readonly secrets?: PlainSecrets | undefined;
  } = {},
): InboundOutcome => {
  const { secrets, ...common } = extra;
  for (const [index, message] of messages.entries()) {
    const checked = IntakeMessageSchema.safeParse(message);
    if (!checked.success) {
      return {
        kind: 'held',
        reason: 'not_understood',
        issues: toIssues(checked.error.issues).map((issue) => ({
          path: `events.${index}.${issue.path}`,
          message: issue.message,
        })),
        reply: heldReply,
        secrets,
        ...common,
      };
    }
  }
  return { kind: 'accepted', messages, reply, ...common };
};
