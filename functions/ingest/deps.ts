import type { SecretLookup } from '../../shared/config';
import type {
  Clock,
  HeldMetrics,
  IntakeQueue,
  QuarantineStore,
  SiteStore,
} from '../../shared/ports';

export type IngestDeps = {
  readonly intake: IntakeQueue;
  /** The site lookup and spam counter (the api lists and saves sites). */
  readonly sites: Pick<SiteStore, 'get' | 'countSpam'>;
  /** Where authenticated requests that cannot be read are held before they are answered. */
  readonly quarantine: Pick<QuarantineStore, 'hold'>;
  readonly metrics: HeldMetrics;
  readonly now: Clock;
  readonly defaultCountry: string;
  readonly timeZone: string;
  /** The public URL providers call, for signature checks; undefined = the request's own. */
  readonly publicBaseUrl?: string | undefined;
  readonly secret: SecretLookup;
  /** Signed telephony events older than this are refused as replays (default 12 h). */
  readonly telephonyMaxEventAgeSeconds?: number | undefined;
  /** Requests per minute (0: no limit): forms per address and per site, webhooks per address. */
  readonly rateLimits: {
    readonly formsPerIp: number;
    readonly formsPerSite: number;
    readonly webhooksPerIp: number;
  };
};
