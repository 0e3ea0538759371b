import type {
  ApiKeyStore,
  Clock,
  ContactStore,
  IdGenerator,
  LeadStore,
  ManagerStore,
  SiteStore,
} from '../../shared/ports';

export type ApiDeps = {
  readonly sites: SiteStore;
  readonly managers: ManagerStore;
  readonly apiKeys: ApiKeyStore;
  readonly leads: LeadStore;
  readonly contacts: ContactStore;
  readonly now: Clock;
  readonly newId: IdGenerator;
  readonly adminApiKey?: string | undefined;
  readonly timeZone: string;
  readonly defaultCountry: string;
};
