import { loadConfig } from '../../shared/config';
import { withSecrets } from '../../shared/secrets';
import { composeRouter } from './compose';

export const handler = composeRouter(loadConfig(await withSecrets(process.env)));
