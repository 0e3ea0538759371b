import { fromEnv } from '@aws-sdk/credential-provider-env';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  defaultProvider,
  MissingEnvCredentialsError,
} from '../../../infra/lambda-aliases/credential-provider-node';
import {
  EventStreamSerde,
  eventStreamSerdeProvider,
  resolveEventStreamSerdeConfig,
} from '../../../infra/lambda-aliases/smithy-event-streams';

describe('the credential provider the Lambda bundles use', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('gives the credentials Lambda puts in the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDLAMBDA');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'lambda-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'lambda-session');

    const credentials = await defaultProvider()();

    expect(credentials).toMatchObject({
      accessKeyId: 'AKIDLAMBDA',
      secretAccessKey: 'lambda-secret',
      sessionToken: 'lambda-session',
    });
  });

  it("gives what the SDK's fromEnv gives, every variable it reads and its user-agent mark", async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDLAMBDA');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'lambda-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'lambda-session');
    vi.stubEnv('AWS_CREDENTIAL_EXPIRATION', '2026-12-06T15:00:00Z');
    vi.stubEnv('AWS_CREDENTIAL_SCOPE', 'us-east-1');
    vi.stubEnv('AWS_ACCOUNT_ID', '123456789012');

    const credentials = await defaultProvider()();

    expect(credentials).toEqual(await fromEnv()());
    expect(credentials).toMatchObject({
      expiration: new Date('2026-12-06T15:00:00Z'),
      $source: { CREDENTIALS_ENV_VARS: 'g' },
    });
  });

  it('leaves out what the environment does not set, as fromEnv does', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDLAMBDA');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'lambda-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    vi.stubEnv('AWS_CREDENTIAL_EXPIRATION', '');
    vi.stubEnv('AWS_CREDENTIAL_SCOPE', '');
    vi.stubEnv('AWS_ACCOUNT_ID', '');

    const credentials = await defaultProvider()();

    expect(credentials).toEqual(await fromEnv()());
    expect(Object.keys(credentials).sort()).toEqual(['$source', 'accessKeyId', 'secretAccessKey']);
  });

  it('fails with an error naming the variables when the environment has none', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');

    const provide = defaultProvider();

    await expect(provide()).rejects.toThrow(MissingEnvCredentialsError);
    await expect(provide()).rejects.toThrow(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
  });
});

describe('the event stream stand-in the Lambda bundles use', () => {
  it('says event streams are left out when an operation reaches for them', () => {
    const marshaller = eventStreamSerdeProvider();

    expect(() => marshaller.serialize()).toThrow(/event streams are left out/);
    expect(() => marshaller.deserialize()).toThrow(/event streams are left out/);
    expect(() => new EventStreamSerde()).toThrow(/remove the @smithy\/core\/event-streams alias/);
  });

  it('lets a client that builds its marshaller up front (S3) be constructed', () => {
    const config = resolveEventStreamSerdeConfig({ region: 'eu-central-1' });

    expect(config.region).toBe('eu-central-1');
    expect(() => config.eventStreamMarshaller.serialize()).toThrow(/event streams are left out/);
  });
});
