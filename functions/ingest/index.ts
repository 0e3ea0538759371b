import { INGEST_SECRET_NAMES } from '../../shared/channels/secret-names';
import { loadConfig } from '../../shared/config';
import { lambdaHandler } from '../../shared/http/lambda-handler';
import { withSecrets } from '../../shared/secrets';
import { composeIngest } from './compose';

export const handler = lambdaHandler(
  composeIngest(loadConfig(await withSecrets(process.env, INGEST_SECRET_NAMES))),
);
