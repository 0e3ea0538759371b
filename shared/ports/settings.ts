import type { ManagerLoad, RoutingPolicy } from '../domain/routing';
import type { ApiKeyRecord, Manager, Site, Team } from '../domain/types';

// What a head of sales sets up: managers, routing, sites, API keys.

export interface ManagerStore {
  list(): Promise<readonly Manager[]>;
  get(managerId: string): Promise<Manager | undefined>;
  put(manager: Manager): Promise<void>;
  /** Binds the notification bot's chat to the manager (replacing an earlier one). */
  bindTelegramChat(managerId: string, chatId: string, at: string): Promise<'bound' | 'not_found'>;
}

export interface RoutingStore {
  /**
   * The next ticket of a team's round-robin counter (atomic, never repeats); with `count`, the
   * first of that many consecutive tickets, all drawn in one write.
   */
  nextTicket(team: Team, count?: number): Promise<number>;
  policies(): Promise<ReadonlyMap<Team, RoutingPolicy>>;
  putPolicy(policy: RoutingPolicy): Promise<void>;
  /** Every manager's open leads and last assignment. */
  loads(): Promise<ReadonlyMap<string, ManagerLoad>>;
}

export interface SiteStore {
  get(siteKey: string): Promise<Site | undefined>;
  list(): Promise<readonly Site[]>;
  put(site: Site): Promise<void>;
  countSpam(siteKey: string, day: string): Promise<void>;
}

export type StoredApiKey = ApiKeyRecord & { readonly hash: string };

export interface ApiKeyStore {
  findByHash(hash: string): Promise<StoredApiKey | undefined>;
  create(key: StoredApiKey): Promise<void>;
  list(): Promise<readonly ApiKeyRecord[]>;
  revoke(keyId: string, at: string): Promise<'revoked' | 'not_found'>;
}
