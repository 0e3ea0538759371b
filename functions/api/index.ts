import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../../shared/config';
import { withSecrets } from '../../shared/secrets';
import { composeApi } from './compose';
import { API_SECRET_NAMES } from './secret-names';

export const handler = handle(
  composeApi(loadConfig(await withSecrets(process.env, API_SECRET_NAMES))),
);
