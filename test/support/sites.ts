import type { Site } from '../../shared/domain/types';
import type { SiteStore } from '../../shared/ports';

/** A site store holding the given sites (none: every site unknown), for ingest apps in process. */
export const sitesOf = (...sites: readonly Site[]): SiteStore => ({
  get: async (key) => sites.find((site) => site.siteKey === key),
  list: async () => [...sites],
  put: async () => {},
  countSpam: async () => {},
});
