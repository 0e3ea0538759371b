import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { API_SECRET_NAMES } from '../../functions/api/secret-names';
import { INGEST_SECRET_NAMES } from '../../shared/channels/secret-names';
import { ENV } from '../../shared/config';
import { NOTIFY_SECRET_NAMES } from '../../shared/notify/secret-names';
import { withSecrets } from '../../shared/secrets';

// Secrets Manager has no local server here: its client is mocked (a read, no failure path).
const secretsManager = mockClient(SecretsManagerClient);
afterEach(() => secretsManager.reset());

const secretOf = (arn: string, values: Record<string, unknown>) =>
  secretsManager
    .on(GetSecretValueCommand, { SecretId: arn })
    .resolves({ SecretString: JSON.stringify(values) });

const ENV_IN_AWS = {
  [ENV.tableName]: 'Switchboard-Table',
  [ENV.intakeQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/1/intake.fifo',
  [ENV.secretsArn]: 'arn:ingest',
};

describe('withSecrets', () => {
  it('takes from the secret only the names the function is allowed, never configuration names', async () => {
    secretOf('arn:ingest', {
      ZADARMA_API_SECRET: 'zd-secret',
      ADMIN_API_KEY: 'an-admin-key-that-ingest-must-not-hold',
      [ENV.tableName]: 'AttackerTable',
      [ENV.intakeQueueUrl]: 'https://attacker.example/queue',
      AWS_ENDPOINT_URL: 'https://attacker.example',
    });

    const env = await withSecrets(ENV_IN_AWS, INGEST_SECRET_NAMES);

    expect(env.ZADARMA_API_SECRET).toBe('zd-secret');
    expect(env.ADMIN_API_KEY).toBeUndefined();
    expect(env[ENV.tableName]).toBe('Switchboard-Table');
    expect(env[ENV.intakeQueueUrl]).toBe(ENV_IN_AWS[ENV.intakeQueueUrl]);
    expect(env.AWS_ENDPOINT_URL).toBeUndefined();
  });

  it('reads each of several secrets (SECRETS_ARN lists them, comma-separated)', async () => {
    secretOf('arn:api', { ADMIN_API_KEY: 'admin-key-0123456789' });
    secretOf('arn:ingest', { TWILIO_AUTH_TOKEN: 'tw-token' });

    const env = await withSecrets({ [ENV.secretsArn]: 'arn:api,arn:ingest' }, API_SECRET_NAMES);

    expect(env).toMatchObject({
      ADMIN_API_KEY: 'admin-key-0123456789',
      TWILIO_AUTH_TOKEN: 'tw-token',
    });
  });

  it('reads nothing when the function has no secret (the router, sla)', async () => {
    const env = await withSecrets({ [ENV.tableName]: 'T' }, []);

    expect(env).toEqual({ [ENV.tableName]: 'T' });
    expect(secretsManager.calls()).toHaveLength(0);
  });
});

describe('the secret allowlists', () => {
  const configurationNames = Object.values(ENV).filter(
    (name) =>
      ![ENV.adminApiKey, ENV.notifyTelegramBotToken, ENV.notifyTelegramSecretToken].includes(
        name as never,
      ),
  );

  it.each([
    ['ingest', INGEST_SECRET_NAMES],
    ['api', API_SECRET_NAMES],
    ['notify and deliver', NOTIFY_SECRET_NAMES],
  ])('lets %s take no configuration name from a secret', (_, names) => {
    expect(names.filter((name) => configurationNames.includes(name as never))).toEqual([]);
  });

  it('keeps the admin key out of ingest and the provider credentials out of notify', () => {
    expect(INGEST_SECRET_NAMES).not.toContain(ENV.adminApiKey);
    expect(INGEST_SECRET_NAMES).toEqual(
      expect.arrayContaining(['ZADARMA_API_SECRET', 'ZADARMA_WEBHOOK_TOKEN', 'VK_SECRET']),
    );
    expect(NOTIFY_SECRET_NAMES).toEqual([ENV.notifyTelegramBotToken]);
    expect(API_SECRET_NAMES).toEqual(
      expect.arrayContaining([ENV.adminApiKey, ...INGEST_SECRET_NAMES]),
    );
  });
});
