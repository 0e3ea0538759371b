/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (an esbuild alias in
 * infra/constructs/bundling.ts; never imported by code). Lambda hands every function its role's
 * credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN),
 * which is the first place the SDK's default chain looks; the rest of that chain (profiles,
 * SSO, web identity, process, container and instance metadata, with the STS/SSO clients they
 * bring) is never reached there, and left out of the bundles. Unbundled code (npm start, the
 * tests, `npm run reprocess-quarantine -- --aws` from a laptop) keeps the whole chain.
 *
 * It reads the variables itself, as the SDK's `fromEnv` (@aws-sdk/credential-provider-env) does,
 * instead of importing it: `fromEnv` brings `@aws-sdk/core/client` and `@smithy/core/config`
 * (the endpoint partitions, the shared-ini loader, …), ~15 KiB that ingest, which talks to AWS
 * through its light client, carries for nothing else (docs/performance.md, cold-start pass 3).
 */
import type { AwsCredentialIdentity } from '@smithy/types';

export class MissingEnvCredentialsError extends Error {
  constructor() {
    super(
      'No AWS credentials in the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY): ' +
        'switchboard Lambda bundles read credentials from the environment only, as Lambda sets ' +
        'them; the rest of the default chain is left out by infra/constructs/bundling.ts.',
    );
    this.name = 'MissingEnvCredentialsError';
  }
}

/**
 * The SDK clients' `credentialDefaultProvider`: the environment's credentials as `fromEnv`
 * gives them (the same variables, and the same `$source` mark the SDK's user agent reports),
 * or a clear error. Read on each call, as `fromEnv` does; the clients cache what it gives.
 */
export const defaultProvider = (_init?: unknown) => async (): Promise<AwsCredentialIdentity> => {
  const env = process.env;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new MissingEnvCredentialsError();
  const sessionToken = env.AWS_SESSION_TOKEN;
  const expiration = env.AWS_CREDENTIAL_EXPIRATION;
  const credentialScope = env.AWS_CREDENTIAL_SCOPE;
  const accountId = env.AWS_ACCOUNT_ID;
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken && { sessionToken }),
    ...(expiration && { expiration: new Date(expiration) }),
    ...(credentialScope && { credentialScope }),
    ...(accountId && { accountId }),
    // setCredentialFeature(credentials, 'CREDENTIALS_ENV_VARS', 'g'), as fromEnv marks them.
    $source: { CREDENTIALS_ENV_VARS: 'g' },
  } as AwsCredentialIdentity;
};
