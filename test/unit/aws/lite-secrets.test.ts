import { afterEach, describe, expect, it } from 'vitest';
import { withSecretsLite } from '../../../shared/aws/lite-clients';
import { INGEST_SECRET_NAMES } from '../../../shared/channels/secret-names';
import { ENV } from '../../../shared/config';
import {
  type StandInRequest,
  type StandInServer,
  startStandInServer,
} from '../../support/stand-ins/http-server';

// Secrets Manager as a stand-in server speaking its JSON protocol (1.1).
let server: StandInServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const secretsManager = async (secrets: Record<string, Record<string, unknown>>) => {
  const seen: StandInRequest[] = [];
  server = await startStandInServer((request) => {
    seen.push(request);
    const { SecretId } = JSON.parse(request.body) as { SecretId: string };
    const values = secrets[SecretId];
    return values
      ? { status: 200, body: { ARN: SecretId, SecretString: JSON.stringify(values) } }
      : {
          status: 400,
          body: { __type: 'ResourceNotFoundException', message: 'no such secret' },
        };
  });
  return { seen, options: { endpoint: server.url, credentials: async () => CREDENTIALS } };
};

const CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret', sessionToken: 'token' };
const ENV_IN_AWS = {
  [ENV.awsRegion]: 'eu-west-1',
  [ENV.tableName]: 'Switchboard-Table',
  [ENV.secretsArn]: 'arn:ingest,arn:shared',
};

describe('withSecretsLite (ingest’s cold start)', () => {
  it('reads each secret with one signed GetSecretValue and takes only the names ingest is allowed', async () => {
    const { seen, options } = await secretsManager({
      'arn:ingest': { ZADARMA_API_SECRET: 'zd-secret', [ENV.tableName]: 'AttackerTable' },
      'arn:shared': { VK_SECRET: 'vk-secret', ADMIN_API_KEY: 'not-for-ingest' },
    });

    const env = await withSecretsLite(ENV_IN_AWS, INGEST_SECRET_NAMES, options);

    expect(env).toMatchObject({
      ZADARMA_API_SECRET: 'zd-secret',
      VK_SECRET: 'vk-secret',
      [ENV.tableName]: 'Switchboard-Table',
    });
    expect(env.ADMIN_API_KEY).toBeUndefined();
    expect(seen.map((request) => request.headers['x-amz-target'])).toEqual([
      'secretsmanager.GetSecretValue',
      'secretsmanager.GetSecretValue',
    ]);
    expect(seen[0]?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(seen[0]?.headers.authorization).toContain('/eu-west-1/secretsmanager/aws4_request');
    expect(seen[0]?.headers['x-amz-security-token']).toBe('token');
  });

  it('fails the cold start, naming the error, when a secret cannot be read', async () => {
    const { options } = await secretsManager({ 'arn:ingest': { VK_SECRET: 'vk' } });

    await expect(withSecretsLite(ENV_IN_AWS, INGEST_SECRET_NAMES, options)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('reads nothing when SECRETS_ARN is unset (locally)', async () => {
    const { seen, options } = await secretsManager({});

    const env = await withSecretsLite({ [ENV.tableName]: 'T' }, INGEST_SECRET_NAMES, options);

    expect(env).toEqual({ [ENV.tableName]: 'T' });
    expect(seen).toHaveLength(0);
  });
});
