import type { Thresholds } from '../../shared/domain/calls/types';
import type {
  ApiKeyStore,
  CallStore,
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
  readonly calls: CallStore;
  readonly now: Clock;
  readonly newId: IdGenerator;
  readonly adminApiKey?: string | undefined;
  readonly timeZone: string;
  readonly defaultCountry: string;
  readonly thresholds: Thresholds;
};
