import type { Context, MiddlewareHandler } from 'hono';
import { problem } from '../../shared/http/problem';
import { createRateLimiter, type RateDecision } from '../../shared/http/rate-limit';
import { logger } from '../../shared/logger';
import type { IngestDeps } from './deps';
import { presentedToken } from './form-token';

/**
 * The address a request came from: API Gateway's source IP in AWS, the socket's peer locally.
 * Never a header a client could set.
 */
export const sourceAddress = (c: Context): string => {
  const env = c.env as
    | {
        requestContext?: { http?: { sourceIp?: string } };
        incoming?: { socket?: { remoteAddress?: string } };
      }
    | undefined;
  return env?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? 'unknown';
};

const refuse = (c: Context, decision: Exclude<RateDecision, { ok: true }>): Response => {
  c.header('Retry-After', String(decision.retryAfterSeconds));
  return problem(c, 'rate_limited');
};

/**
 * Per-minute limits on the public routes: forms per source address, before anything is read
 * (posts and CORS preflights counted apart, so a browser's preflight does not halve its posts);
 * forms per site key, counted only once the post is authenticated (`site`, called by the form
 * route), so that forged posts cannot use up a site's allowance; webhooks per source address,
 * generous, since a provider sends a call centre's traffic from a few addresses.
 *
 * A post that presents a site token (Authorization: Bearer, `?token=`) is a builder's or a
 * backend's, sent from a few shared addresses: nothing is counted before it is read. A token
 * that is the site's counts against the site's allowance alone — so no one else's refused
 * posts, from the same builder's address, can shut out the site's own; one refused (a wrong
 * token, another site's, an unknown key) counts per address and site key in a bucket of its
 * own, and past its limit is answered 429. Reading one costs no table read (sites are cached
 * per instance, unknown keys too), so made-up tokens buy neither a way around the address
 * limit nor a table read each, and one site's broken or rotated token on a builder's shared
 * address does not shut out the other sites posting from it.
 */
export const rateLimits = (deps: Pick<IngestDeps, 'rateLimits' | 'now'>) => {
  const minute = (limit: number) => createRateLimiter({ limit, windowSeconds: 60 }, deps.now);
  const formsPerIp = minute(deps.rateLimits.formsPerIp);
  const preflightsPerIp = minute(deps.rateLimits.formsPerIp);
  const formsPerSite = minute(deps.rateLimits.formsPerSite);
  const refusedTokensPerIp = minute(deps.rateLimits.formsPerIp);
  const webhooksPerIp = minute(deps.rateLimits.webhooksPerIp);

  const refusedKey = (c: Context) => `${sourceAddress(c)} ${c.req.param('siteKey') ?? ''}`;

  const forms: MiddlewareHandler = async (c, next) => {
    const preflight = c.req.method === 'OPTIONS';
    // A token post is counted once read: per site when the token is the site's (`site`), as a
    // refusal otherwise (`address`).
    if (!preflight && presentedToken(c) !== undefined) return next();
    const byAddress = (preflight ? preflightsPerIp : formsPerIp)(sourceAddress(c));
    if (!byAddress.ok) {
      logger.warn('rate limited', {
        route: preflight ? 'forms preflight' : 'forms',
        by: 'address',
      });
      return refuse(c, byAddress);
    }
    return next();
  };

  /**
   * A post that presented a token which did not authenticate it: refused (a wrong token, another
   * site's) it counts in the refused-token bucket; a browser's post (its Origin authenticated it)
   * counts with the other posts of its address.
   */
  const address = (c: Context, refused: boolean): Response | undefined => {
    const byAddress = refused ? refusedTokensPerIp(refusedKey(c)) : formsPerIp(sourceAddress(c));
    if (byAddress.ok) return undefined;
    logger.warn('rate limited', { route: 'forms', by: 'address' });
    return refuse(c, byAddress);
  };

  /** An authenticated post to a site: within the site's allowance, or a 429 to answer. */
  const site = (c: Context, siteKey: string): Response | undefined => {
    const bySite = formsPerSite(siteKey);
    if (bySite.ok) return undefined;
    logger.warn('rate limited', { route: 'forms', by: 'site' });
    return refuse(c, bySite);
  };

  const webhooks: MiddlewareHandler = async (c, next) => {
    const decision = webhooksPerIp(sourceAddress(c));
    if (!decision.ok) {
      logger.warn('rate limited', { route: 'webhooks', by: 'address' });
      return refuse(c, decision);
    }
    return next();
  };

  return { forms, webhooks, site, address };
};

/** For tests of other things: no request is ever limited. */
export const NO_RATE_LIMITS = { formsPerIp: 0, formsPerSite: 0, webhooksPerIp: 0 } as const;
