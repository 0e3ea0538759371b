import { describe, expect, it } from 'vitest';
import {
  cachedSites,
  SITE_CACHE_SECONDS,
  UNKNOWN_SITE_CACHE_SECONDS,
} from '../../../functions/ingest/site-cache';
import type { Site } from '../../../shared/domain/types';
import type { SiteStore } from '../../../shared/ports';
import { createTestClock } from '../../support/clock';

const SHOP: Site = {
  siteKey: 'shop',
  name: 'Shop',
  allowedOrigins: ['https://shop.example'],
  updatedAt: '2026-11-27T07:00:00.000Z',
};

/** A site store whose sites can be registered during the test, counting its reads. */
const countingStore = () => {
  const sites = new Map<string, Site>();
  const reads: string[] = [];
  const store: SiteStore = {
    get: async (key) => {
      reads.push(key);
      return sites.get(key);
    },
    list: async () => [...sites.values()],
    put: async (site) => {
      sites.set(site.siteKey, site);
    },
    countSpam: async () => {},
  };
  return { store, reads };
};

describe('the ingest site cache', () => {
  it('keeps a known site for SITE_CACHE_SECONDS: one table read for many posts', async () => {
    const clock = createTestClock();
    const { store, reads } = countingStore();
    await store.put(SHOP);
    const sites = cachedSites(store, clock.now);
    for (let i = 0; i < 5; i++) expect(await sites.get('shop')).toEqual(SHOP);
    clock.advance((SITE_CACHE_SECONDS - 1) * 1000);
    await sites.get('shop');
    expect(reads).toEqual(['shop']);
    clock.advance(2_000);
    await sites.get('shop');
    expect(reads).toEqual(['shop', 'shop']);
  });

  it('forgets an unknown key within seconds, so a site registered after a test post takes posts', async () => {
    const clock = createTestClock();
    const { store, reads } = countingStore();
    const sites = cachedSites(store, clock.now);
    expect(await sites.get('shop')).toBeUndefined();
    expect(await sites.get('shop')).toBeUndefined(); // a flood of posts: still one read
    expect(reads).toEqual(['shop']);

    await store.put(SHOP); // PUT /v1/sites/shop
    clock.advance(UNKNOWN_SITE_CACHE_SECONDS * 1000 + 1);
    expect(await sites.get('shop')).toEqual(SHOP);
    expect(reads).toEqual(['shop', 'shop']);
    expect(UNKNOWN_SITE_CACHE_SECONDS).toBeLessThan(SITE_CACHE_SECONDS);
  });
});
