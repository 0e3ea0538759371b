import { loadConfig } from '../../shared/config';
import { withSecrets } from '../../shared/secrets';
import { composeDeliver } from './compose';

export const handler = composeDeliver(loadConfig(await withSecrets(process.env)));
