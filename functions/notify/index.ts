import { loadConfig } from '../../shared/config';
import { withSecrets } from '../../shared/secrets';
import { composeNotify } from './compose';

export const handler = composeNotify(loadConfig(await withSecrets(process.env)));
