/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (an esbuild alias in
 * infra/constructs/bundling.ts; never imported by code). Lambda hands every function its role's
 * credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN),
 * which is the first place the SDK's default chain looks; the rest of that chain (profiles,
 * SSO, web identity, process, container and instance metadata, with the STS/SSO clients they
 * bring) is never reached there, and left out of the bundles. Unbundled code (npm start, the
 * tests, `npm run reprocess-quarantine -- --aws` from a laptop) keeps the whole chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export class MissingEnvCredentialsError extends Error {
  constructor(cause: unknown) {
    super(
      'No AWS credentials in the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY): ' +
        'switchboard Lambda bundles read credentials from the environment only, as Lambda sets ' +
        'them; the rest of the default chain is left out by infra/constructs/bundling.ts.',
      { cause },
    );
    this.name = 'MissingEnvCredentialsError';
  }
}

/** The SDK clients' `credentialDefaultProvider`: environment credentials, or a clear error. */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => {
  const fromEnvironment = fromEnv(init);
  return async () => {
    try {
      return await fromEnvironment();
    } catch (error) {
      throw new MissingEnvCredentialsError(error);
    }
  };
};
