import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../../shared/config';
import { withSecrets } from '../../shared/secrets';
import { composeIngest } from './compose';

export const handler = handle(composeIngest(loadConfig(await withSecrets(process.env))));
