import { loadConfig } from '../../shared/config';
import { withSecrets } from '../../shared/secrets';
import { composeSla } from './compose';

export const handler = composeSla(loadConfig(await withSecrets(process.env)));
