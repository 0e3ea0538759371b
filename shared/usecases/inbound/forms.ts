import { readFormBody } from '../../channels/form-body';
import { isDroppedField, parseFormSubmission } from '../../channels/forms';
import { matchesHash } from '../../crypto';
import type { Site } from '../../domain/types';
import { acceptedOrHeld, type InboundReader, type InboundReply, refused } from './types';

const SITE_KEY = /^[A-Za-z0-9_-]{1,64}$/;

const json = (value: unknown): InboundReply => ({
  body: JSON.stringify(value),
  contentType: 'application/json',
});

/** What a held form is answered: the same as a lead accepted, so a bot learns nothing. */
const HELD_REPLY = json({ accepted: true });

export const findSite = async (
  sites: { get(siteKey: string): Promise<Site | undefined> },
  siteKey: string,
): Promise<Site | undefined> => (SITE_KEY.test(siteKey) ? sites.get(siteKey) : undefined);

export const allowedOrigin = (site: Site, origin: string | undefined): string | undefined =>
  origin && site.allowedOrigins.includes(origin) ? origin : undefined;

export const corsHeaders = (origin: string): Record<string, string> => ({
  'Access-Control-Allow-Origin': origin,
  Vary: 'Origin',
});

/**
 * `POST /v1/forms/{siteKey}`: a site's post, authenticated by an allowed Origin or the site's
 * token (Authorization: Bearer, `?token=`, or a `token` field). An authenticated body that
 * cannot be read (not UTF-8, not JSON; sent with the token, a content type no form posts) is
 * held, and so is a filled honeypot (reason `spam`); a content type no form posts with only an
 * Origin is refused 415. A readable post without a usable phone or e-mail is refused
 * (400) when a browser sent it (its allowed Origin), so that the visitor's page can say what to
 * correct; sent with the site token (a builder's webhook, whose answer nobody reads) it is held.
 */
export const readForm: InboundReader = async (request, deps, options) => {
  const site = await findSite(deps.sites, request.name);
  if (!site) return refused('unknown_site');
  const origin = allowedOrigin(site, request.headers.origin);
  const headers = origin ? corsHeaders(origin) : undefined;

  const body = await readFormBody(request.bytes, request.headers['content-type']);
  const token = options.token ?? (body.ok ? body.fields.get('token')?.[0] : undefined);
  const tokenValid = Boolean(token && site.tokenHash && matchesHash(token, site.tokenHash));
  // The site's token proves the post is the site's; an allowed Origin alone is a browser's word.
  const authenticatedBy =
    options.authenticatedBy ?? (tokenValid ? 'token' : origin ? 'origin' : undefined);
  // The site token, wherever the body carries it, is kept only as its hash when held.
  const secrets = { inBody: token && tokenValid ? [token] : [] };
  const unsupported = () =>
    refused(
      'unsupported_media_type',
      'Send application/json, application/x-www-form-urlencoded or multipart/form-data.',
    );
  if (!authenticatedBy) {
    if (!body.ok && body.status === 415) return unsupported();
    if (!body.ok) return refused('invalid_payload', undefined, body.issues);
    return refused(
      'forbidden',
      'Post from an allowed origin, or send the site token (Authorization: Bearer, or a token field).',
    );
  }
  const held = (
    reason: 'spam' | 'unreadable' | 'unsupported_media_type',
    issues = body.ok ? [] : body.issues,
  ) =>
    ({
      kind: 'held',
      reason,
      issues,
      reply: HELD_REPLY,
      headers,
      authenticatedBy,
      secrets,
    }) as const;
  // Authenticated by its Origin alone, in a content type no browser form sends (a page would
  // need a CORS preflight for it): a browser's word that only curl gives. Refused, nothing
  // stored, so that it cannot fill the quarantine or raise its alarm. (Read again from the
  // quarantine — `options.authenticatedBy` set — what was held before this rule stays held.) A
  // post with no content type at all is no such word — a page's `fetch` or `sendBeacon` of an
  // untyped Blob sends none, without a preflight — and is held.
  if (
    !body.ok &&
    body.status === 415 &&
    authenticatedBy === 'origin' &&
    options.authenticatedBy === undefined &&
    (request.headers['content-type'] ?? '').trim() !== ''
  ) {
    return { ...unsupported(), headers };
  }
  if (!body.ok) return held(body.status === 415 ? 'unsupported_media_type' : 'unreadable');

  const honeypotName = site.honeypotField?.toLowerCase();
  const honeypot = honeypotName
    ? [...body.fields].find(([name]) => name.toLowerCase() === honeypotName)
    : undefined;
  if (honeypot?.[1].some((value) => value.trim() !== '')) {
    return held('spam', [{ path: honeypot[0], message: 'the honeypot field is filled' }]);
  }
  const fields = new Map(
    [...body.fields].filter(([name]) => name !== honeypot?.[0] && !isDroppedField(name)),
  );
  const parsed = parseFormSubmission(fields, {
    siteKey: site.siteKey,
    receivedAt: request.receivedAt,
    defaultCountry: deps.defaultCountry,
    referer: request.headers.referer,
    idempotencyKey: request.headers['idempotency-key'],
    unverified: authenticatedBy === 'origin',
  });
  if (parsed.kind === 'ping') {
    return {
      kind: 'answer',
      reply: { body: 'ok', contentType: 'text/plain; charset=UTF-8' },
      headers,
    };
  }
  if (parsed.kind === 'invalid') {
    // A browser's post (its allowed Origin) is answered 400: the visitor's page can say what to
    // correct. A server-to-server post (the site token: Tilda, Elementor, CF7 webhooks) has
    // nobody to read the answer, and the builder drops it after its retries: held.
    if (authenticatedBy === 'token') {
      return {
        kind: 'held',
        reason: 'not_understood',
        issues: parsed.issues,
        reply: HELD_REPLY,
        headers,
        authenticatedBy,
        secrets,
      };
    }
    return { ...refused('invalid_payload', undefined, parsed.issues), headers };
  }
  // An Origin header proves nothing outside a browser: such a post's contact data is unverified.
  const event =
    authenticatedBy === 'origin'
      ? { ...parsed.event, contact: { ...parsed.event.contact, unverified: true } }
      : parsed.event;
  return acceptedOrHeld([event], json({ accepted: true, eventId: event.eventId }), HELD_REPLY, {
    headers,
    authenticatedBy,
    secrets,
  });
};
