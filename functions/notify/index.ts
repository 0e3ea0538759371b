import { loadConfig } from '../../shared/config';
import { NOTIFY_SECRET_NAMES } from '../../shared/notify/secret-names';
import { withSecrets } from '../../shared/secrets';
import { composeNotify } from './compose';

export const handler = composeNotify(
  loadConfig(await withSecrets(process.env, NOTIFY_SECRET_NAMES)),
);
