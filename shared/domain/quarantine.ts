/**
 * The quarantine: inbound requests that passed their channel's authentication but could not be
 * turned into events. Their raw bytes are held, with what is needed to read them again, until
 * an operator reprocesses them (after a parser fix) or discards them.
 */

/** The three inbound route families (API.md, "Inbound"). */
const INBOUND_ROUTES = ['forms', 'telephony', 'messengers'] as const;
export type InboundRoute = (typeof INBOUND_ROUTES)[number];

export const HELD_STATUSES = ['held', 'reprocessed', 'discarded'] as const;
export type HeldStatus = (typeof HELD_STATUSES)[number];

/**
 * Why a request is held:
 * - `spam`: a form whose honeypot field was filled;
 * - `unsupported_media_type`: a content type the channel does not post;
 * - `unreadable`: a body that is not what the encoding says (not UTF-8, not JSON, …);
 * - `not_understood`: read, but not a shape the parser knows (the issues say where);
 * - `not_authenticated`: on reprocess only — it no longer verifies (a secret was rotated, the
 *   site or the channel's configuration is gone).
 */
export const HELD_REASONS = [
  'spam',
  'unsupported_media_type',
  'unreadable',
  'not_understood',
  'not_authenticated',
] as const;
export type HeldReason = (typeof HELD_REASONS)[number];

export type HeldIssue = { readonly path: string; readonly message: string };

/**
 * The plain shared secrets an authenticated request carries — the credential itself, not a
 * signature over the bytes (HMACs are no secret and stay): never stored as they are. Each is
 * kept as its sha256 hex, so that a reprocess can still compare it with the configured secret.
 */
export type PlainSecrets = {
  /** Header names whose value is a shared secret (Telegram's secret token). */
  readonly headers?: readonly string[];
  /** Secret values carried in the body (VK's `secret`, a form's `token` field). */
  readonly inBody?: readonly string[];
};

/**
 * An inbound request as received: enough to authenticate and read it again. Headers are only
 * those a channel reads (signatures, timestamps, content type, origin, …); a form's site token
 * (Authorization, `?token=`) is never kept: forms are authenticated once, at receipt.
 */
export type InboundRequest = {
  readonly route: InboundRoute;
  /** The provider, the messenger channel or the site key: the path segment after the route. */
  readonly name: string;
  readonly method: string;
  /** The path as received, e.g. /v1/telephony/mango/events/summary. */
  readonly path: string;
  /** What follows /v1/{route}/{name}: '' or e.g. '/events/summary', '/mybot'. */
  readonly subPath: string;
  /** The query string as received, without '?' (a form's `token` removed). */
  readonly query: string;
  /** The URL the request arrived on. */
  readonly url: string;
  /** The URLs a provider may have signed (PUBLIC_BASE_URL + path + query, and the URL above). */
  readonly signedUrls: readonly string[];
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly bytes: Uint8Array;
  readonly receivedAt: Date;
};

/** Headers a channel may read, kept with a held request (lower case). */
export const KEPT_HEADERS: ReadonlySet<string> = new Set([
  'content-type',
  'origin',
  'referer',
  'idempotency-key',
  // telephony signatures
  'x-twilio-signature',
  'x-twilio-webhooks-signature-settings',
  'signature',
  'x-switchboard-signature',
  'x-switchboard-timestamp',
  // messengers
  'x-telegram-bot-api-secret-token',
  'x-hub-signature-256',
]);

export type HeldRequest = {
  /** Stable: a hash of the route, the path, the query and the bytes (a retry is one entry). */
  readonly id: string;
  readonly request: InboundRequest;
  readonly status: HeldStatus;
  readonly reason: HeldReason;
  readonly issues: readonly HeldIssue[];
  /** Forms: how the post was authenticated at receipt. */
  readonly authenticatedBy?: 'origin' | 'token' | 'signature' | undefined;
  readonly updatedAt: string;
  /** Set once reprocessed: the ids of the events it became (the first 50). */
  readonly eventIds?: readonly string[] | undefined;
  readonly reprocessAttempts: number;
};

/** The label a held request is listed and counted under: `forms`, `telephony/twilio`, … */
export const routeLabel = (request: Pick<InboundRequest, 'route' | 'name'>): string =>
  request.route === 'forms' ? 'forms' : `${request.route}/${request.name}`;
