import { INGEST_SECRET_NAMES } from '../../shared/channels/secret-names';
import { ENV } from '../../shared/config';

/**
 * What the api may take from its secrets: the bootstrap admin key; the managers' bot (its
 * token and the secret token of its webhook, POST /v1/notify/telegram); and the inbound
 * credentials, because reprocessing a held request verifies its signature again.
 */
export const API_SECRET_NAMES: readonly string[] = [
  ENV.adminApiKey,
  ENV.notifyTelegramBotToken,
  ENV.notifyTelegramSecretToken,
  ...INGEST_SECRET_NAMES,
];
