import type { Config, SecretLookup } from '../../shared/config';
import type { Thresholds } from '../../shared/domain/calls/types';
import type { Texts } from '../../shared/domain/notify/texts';
import type { TelegramBotApi } from '../../shared/notify/telegram-bot-api';
import type {
  ApiKeyStore,
  AssignmentQueue,
  CallStore,
  Clock,
  ContactStore,
  CsvExports,
  DealStore,
  DeliveryStore,
  IdGenerator,
  IntakeQueue,
  LeadQueries,
  LeadWrites,
  ManagerStore,
  PlanStore,
  QuarantineStore,
  RoutingStore,
  SiteStore,
  SlaQueue,
  TelegramLinkStore,
  WebhookStore,
} from '../../shared/ports';

export type ApiDeps = {
  readonly sites: SiteStore;
  readonly managers: ManagerStore;
  readonly apiKeys: ApiKeyStore;
  readonly leads: LeadQueries;
  readonly leadWrites: LeadWrites;
  readonly contacts: ContactStore;
  readonly calls: CallStore;
  readonly routing: RoutingStore;
  readonly quarantine: QuarantineStore;
  readonly deals: DealStore;
  readonly plans: PlanStore;
  /** Where reprocessed requests' events go (absent: reprocess answers 503). */
  readonly intake?: IntakeQueue | undefined;
  /** Channel credentials, to verify a held request again before reprocessing it. */
  readonly secret: SecretLookup;
  /** Signed telephony events older than this are refused as replays, on reprocessing too. */
  readonly telephonyMaxEventAgeSeconds?: number | undefined;
  /** Wakes the waiting lines when a manager changes (absent: nobody to wake, e.g. unit tests). */
  readonly sla?: SlaQueue | undefined;
  /** Where accepts and closes are announced for the webhooks (absent: nowhere). */
  readonly assignments?: AssignmentQueue | undefined;
  readonly now: Clock;
  readonly newId: IdGenerator;
  readonly adminApiKey?: string | undefined;
  readonly timeZone: string;
  readonly defaultCountry: string;
  readonly thresholds: Thresholds;
  readonly acceptTimeoutSeconds: number;
  /** SWITCHBOARD_LANGUAGE: the dashboard's language unless the browser or the user says else. */
  readonly language: Config['language'];
  /**
   * In AWS: where CSV exports are written, to be answered with a 303 to a download link (an HTTP
   * API response cannot stream and is at most 6 MB). Absent (locally): the CSV is streamed.
   */
  readonly csvExports?: CsvExports | undefined;
  readonly webhooks: WebhookStore;
  readonly deliveries: DeliveryStore;
  readonly telegramLinks: TelegramLinkStore;
  /** The managers' notification bot (absent: not configured, its routes answer 404). */
  readonly notifyTelegram?:
    | {
        readonly bot: TelegramBotApi;
        /** setWebhook's secret_token; updates without it are refused. */
        readonly secretToken?: string | undefined;
      }
    | undefined;
  /** Messages to managers, in SWITCHBOARD_LANGUAGE. */
  readonly texts: Texts;
  /** ABC_THRESHOLDS: where clients A and B end, in percent of won revenue. */
  readonly abcThresholds: Config['abcThresholds'];
};
