import type { Context, MiddlewareHandler } from 'hono';
import { problem } from '../../shared/http/problem';
import { createRateLimiter, type RateDecision } from '../../shared/http/rate-limit';
import { logger } from '../../shared/logger';
import type { IngestDeps } from './deps';

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

const refuse = (c: Context, decision: Exclude<RateDecision, { ok: true }>) => {
  c.header('Retry-After', String(decision.retryAfterSeconds));
  return problem(c, 'rate_limited');
};

/**
 * Per-minute limits on the public routes: forms per source address and per site key (browsers
 * and bots post forms); webhooks per source address, generous, since a provider sends a call
 * centre's traffic from a few addresses. CORS preflights are not counted.
 */
export const rateLimits = (deps: Pick<IngestDeps, 'rateLimits' | 'now'>) => {
  const minute = (limit: number) => createRateLimiter({ limit, windowSeconds: 60 }, deps.now);
  const formsPerIp = minute(deps.rateLimits.formsPerIp);
  const formsPerSite = minute(deps.rateLimits.formsPerSite);
  const webhooksPerIp = minute(deps.rateLimits.webhooksPerIp);

  const forms: MiddlewareHandler = async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const address = sourceAddress(c);
    const byAddress = formsPerIp(address);
    if (!byAddress.ok) {
      logger.warn('rate limited', { route: 'forms', by: 'address' });
      return refuse(c, byAddress);
    }
    const bySite = formsPerSite(c.req.param('siteKey') ?? '');
    if (!bySite.ok) {
      logger.warn('rate limited', { route: 'forms', by: 'site' });
      return refuse(c, bySite);
    }
    return next();
  };

  const webhooks: MiddlewareHandler = async (c, next) => {
    const decision = webhooksPerIp(sourceAddress(c));
    if (!decision.ok) {
      logger.warn('rate limited', { route: 'webhooks', by: 'address' });
      return refuse(c, decision);
    }
    return next();
  };

  return { forms, webhooks };
};

/** For tests of other things: no request is ever limited. */
export const NO_RATE_LIMITS = { formsPerIp: 0, formsPerSite: 0, webhooksPerIp: 0 } as const;
