import { withSecretsLite } from '../../shared/aws/lite-clients';
import { INGEST_SECRET_NAMES } from '../../shared/channels/secret-names';
import { loadConfig } from '../../shared/config';
import { lambdaHandler } from '../../shared/http/lambda-handler';
import { composeIngest } from './compose';

export const handler = lambdaHandler(
  composeIngest(loadConfig(await withSecretsLite(process.env, INGEST_SECRET_NAMES))),
);
