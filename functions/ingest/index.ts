import { handle } from 'hono/aws-lambda';
import { INGEST_SECRET_NAMES } from '../../shared/channels/secret-names';
import { loadConfig } from '../../shared/config';
import { withSecrets } from '../../shared/secrets';
import { composeIngest } from './compose';

export const handler = handle(
  composeIngest(loadConfig(await withSecrets(process.env, INGEST_SECRET_NAMES))),
);
