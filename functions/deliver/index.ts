import { loadConfig } from '../../shared/config';
import { withSecrets } from '../../shared/secrets';
import { NOTIFY_SECRET_NAMES } from '../notify/secret-names';
import { composeDeliver } from './compose';

export const handler = composeDeliver(
  loadConfig(await withSecrets(process.env, NOTIFY_SECRET_NAMES)),
);
