import type { Site } from '../../shared/domain/types';
import type { SiteStore } from '../../shared/ports';

/**
 * How long an ingest instance trusts what it read of a site (its origins, token, honeypot): a
 * change made with PUT /v1/sites reaches every instance within this many seconds. A CORS
 * preflight and the post after it read the site once.
 */
export const SITE_CACHE_SECONDS = 60;

/**
 * How long an unknown site key stays unknown: long enough that a flood of posts to a wrong key
 * costs a table read every few seconds, short enough that a site registered just after a test
 * post to it (a newcomer's first minutes) takes its posts at once.
 */
export const UNKNOWN_SITE_CACHE_SECONDS = 5;

/**
 * Sites read through a small in-memory cache (per Lambda instance), so that a flood of
 * preflights or posts to one key costs no table read each. Bounded: the oldest entries go first.
 */
export const cachedSites = <S extends Pick<SiteStore, 'get'>>(
  store: S,
  now: () => Date,
  maxEntries = 10_000,
): S => {
  const entries = new Map<
    string,
    { at: number; ttlSeconds: number; site: Promise<Site | undefined> }
  >();
  return {
    ...store,
    get(siteKey) {
      const at = now().getTime();
      const cached = entries.get(siteKey);
      if (cached && at - cached.at < cached.ttlSeconds * 1000) return cached.site;
      entries.delete(siteKey);
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      const site = store.get(siteKey);
      const entry = { at, ttlSeconds: SITE_CACHE_SECONDS, site };
      entries.set(siteKey, entry);
      site.then(
        (found) => {
          if (!found) entry.ttlSeconds = UNKNOWN_SITE_CACHE_SECONDS;
        },
        // A failed read is not remembered: the next request reads again.
        () => {
          if (entries.get(siteKey) === entry) entries.delete(siteKey);
        },
      );
      return site;
    },
  };
};
