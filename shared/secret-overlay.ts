import { ENV } from './config';

/** Reads secrets' JSON texts by ARN, side by side, in the order asked. */
export type SecretReader = (arns: readonly string[]) => Promise<readonly (string | undefined)[]>;

/**
 * In AWS, secrets live in Secrets Manager secrets (JSON: { "ADMIN_API_KEY": "…", … }) whose
 * ARNs are in SECRETS_ARN (comma-separated: a function may read the secret of each concern it
 * serves); they are read once per cold start and laid over the environment. Only the names in
 * `allowed` are taken — the function's own secrets — so a secret can never set TABLE_NAME, a
 * queue URL or an endpoint, nor hand a function a credential it has no use for.
 * Locally SECRETS_ARN is unset and the environment is used as it is. How the secrets are read
 * is the caller's: the SDK's client (shared/secrets.ts), or ingest's light client.
 */
export const overlaySecrets = async (
  env: Readonly<Record<string, string | undefined>>,
  allowed: readonly string[],
  read: SecretReader,
): Promise<Record<string, string | undefined>> => {
  const arns = (env[ENV.secretsArn] ?? '')
    .split(',')
    .map((arn) => arn.trim())
    .filter((arn) => arn !== '');
  if (arns.length === 0 || allowed.length === 0) return { ...env };
  const names = new Set(allowed);
  // Read side by side (a cold start waits for one round trip, not one per secret), laid over
  // the environment in SECRETS_ARN's order.
  const texts = await read(arns);
  const secrets: Record<string, string> = {};
  for (const text of texts) {
    const values: unknown = JSON.parse(text ?? '{}');
    if (!values || typeof values !== 'object') throw new Error('the secret is not a JSON object');
    for (const [name, value] of Object.entries(values)) {
      if (names.has(name) && typeof value === 'string' && value !== '') secrets[name] = value;
    }
  }
  return { ...env, ...secrets };
};
