import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../../shared/config';
import { withSecrets } from '../../shared/secrets';
import { composeApi } from './compose';

export const handler = handle(composeApi(loadConfig(await withSecrets(process.env))));
