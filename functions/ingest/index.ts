import { handle } from 'hono/aws-lambda';
import { withSecretsLite } from '../../shared/aws/lite-clients';
import { INGEST_SECRET_NAMES } from '../../shared/channels/secret-names';
import { loadConfig } from '../../shared/config';
import { composeIngest } from './compose';

export const handler = handle(
  composeIngest(loadConfig(await withSecretsLite(process.env, INGEST_SECRET_NAMES))),
);
