import type { ChannelSecrets } from '../../shared/config';
import type { Clock, IntakeQueue, SiteStore } from '../../shared/ports';

export type IngestDeps = {
  readonly intake: IntakeQueue;
  readonly sites: SiteStore;
  readonly now: Clock;
  readonly defaultCountry: string;
  readonly timeZone: string;
  readonly publicBaseUrl: string;
  readonly secrets: ChannelSecrets;
};
