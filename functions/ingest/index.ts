import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../../shared/config';
import { withSecrets } from '../../shared/secrets';
import { composeIngest } from './compose';
import { INGEST_SECRET_NAMES } from './secret-names';

export const handler = handle(
  composeIngest(loadConfig(await withSecrets(process.env, INGEST_SECRET_NAMES))),
);
