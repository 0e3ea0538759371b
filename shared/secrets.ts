import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ENV } from './config';

/**
 * In AWS, secrets live in one Secrets Manager secret (JSON: { "ADMIN_API_KEY": "…", … }) whose
 * ARN is in SECRETS_ARN; they are read once per cold start and laid over the environment.
 * Locally SECRETS_ARN is unset and the environment is used as it is.
 */
export const withSecrets = async (
  env: Readonly<Record<string, string | undefined>>,
): Promise<Record<string, string | undefined>> => {
  const arn = env[ENV.secretsArn];
  if (!arn) return { ...env };
  const client = new SecretsManagerClient({});
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    const values: unknown = JSON.parse(SecretString ?? '{}');
    if (!values || typeof values !== 'object') throw new Error('the secret is not a JSON object');
    const secrets: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) {
      if (/^[A-Z][A-Z0-9_]*$/.test(name) && typeof value === 'string' && value !== '') {
        secrets[name] = value;
      }
    }
    return { ...env, ...secrets };
  } finally {
    client.destroy();
  }
};
