import { Hono } from 'hono';
import { isUnavailable, problem } from '../../shared/http/problem';
import { errorSummary, logger } from '../../shared/logger';
import type { IngestDeps } from './deps';
import { formRoutes } from './forms';
import { messengerRoutes } from './messengers';
import { rateLimits } from './rate-limits';
import { cachedSites } from './site-cache';
import { telephonyRoutes } from './telephony';

/** The public inbound routes: forms, telephony, messengers. No API key; each checks its own. */
export const createIngestApp = (given: IngestDeps) => {
  const deps = { ...given, sites: cachedSites(given.sites, given.now) };
  const limits = rateLimits(deps);
  return new Hono()
    .use('/v1/forms/:siteKey', limits.forms)
    .use('/v1/telephony/*', limits.webhooks)
    .use('/v1/messengers/*', limits.webhooks)
    .route('/v1/forms', formRoutes(deps, limits))
    .route('/v1/telephony', telephonyRoutes(deps))
    .route('/v1/messengers', messengerRoutes(deps))
    .notFound((c) => problem(c, 'not_found'))
    .onError((error, c) => {
      logger.error('ingest failed', { error: errorSummary(error), path: c.req.path });
      // A dependency outage is worth a retry by the sender; a bug is not ours to hide.
      return isUnavailable(error) ? problem(c, 'unavailable') : problem(c, 'internal');
    });
};
