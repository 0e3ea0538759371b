import { loadConfig } from '../../shared/config';
import { withSecrets } from '../../shared/secrets';
import { composeNotify } from './compose';
import { NOTIFY_SECRET_NAMES } from './secret-names';

export const handler = composeNotify(
  loadConfig(await withSecrets(process.env, NOTIFY_SECRET_NAMES)),
);
