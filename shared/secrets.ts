import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { overlaySecrets } from './secret-overlay';

/**
 * The function's secrets laid over its environment (see overlaySecrets), read with the SDK's
 * Secrets Manager client. Locally SECRETS_ARN is unset and the environment is used as it is.
 */
export const withSecrets = (
  env: Readonly<Record<string, string | undefined>>,
  allowed: readonly string[],
): Promise<Record<string, string | undefined>> =>
  overlaySecrets(env, allowed, async (arns) => {
    const client = new SecretsManagerClient({});
    try {
      const read = await Promise.all(
        arns.map((arn) => client.send(new GetSecretValueCommand({ SecretId: arn }))),
      );
      return read.map(({ SecretString }) => SecretString);
    } finally {
      client.destroy();
    }
  });
