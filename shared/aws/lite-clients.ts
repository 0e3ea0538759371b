import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { type Config, ENV, LOCAL_CREDENTIALS, required } from '../config';
import type { IntakeQueue } from '../ports';
import { intakeSendInput } from '../queue/intake-send-input';
import { overlaySecrets } from '../secret-overlay';
import {
  type AwsJsonClient,
  type AwsJsonClientOptions,
  type AwsJsonService,
  createAwsJsonClient,
  DYNAMODB,
  SECRETS_MANAGER,
  SQS,
} from './json-client';

const LOCAL_REGION = 'us-east-1';

/**
 * A light client for one service, configured as the SDK clients are (`awsClientOptions`): the
 * configured endpoint with local credentials, else the region's endpoint with the credentials
 * of the SDK's default chain — in the Lambda bundles only the environment's (the alias in
 * infra/constructs/bundling.ts), which Lambda sets with a session token.
 */
const createLiteClient = (
  config: Pick<Config, 'endpoints' | 'awsRegion'>,
  service: AwsJsonService,
  endpoint: string | undefined,
  timeouts: { readonly requestTimeoutMs: number },
): AwsJsonClient =>
  createAwsJsonClient({
    service,
    endpoint,
    region: endpoint
      ? (config.awsRegion ?? LOCAL_REGION)
      : required(config.awsRegion, ENV.awsRegion),
    credentials: endpoint ? async () => LOCAL_CREDENTIALS : defaultProvider(),
    // As the SDK clients are made (shared/store/client.ts, shared/queue/client.ts): 1 s to
    // connect (the client's default), then these.
    ...timeouts,
  });

export const createLiteDynamo = (config: Pick<Config, 'endpoints' | 'awsRegion'>) =>
  createLiteClient(config, DYNAMODB, config.endpoints.dynamodb, { requestTimeoutMs: 5_000 });

export const createLiteSqs = (config: Pick<Config, 'endpoints' | 'awsRegion'>) =>
  createLiteClient(config, SQS, config.endpoints.sqs, { requestTimeoutMs: 10_000 });

/**
 * The intake queue over the light client: the same SendMessage input as the SDK's sender
 * (`intakeSendInput`). Without a configured endpoint it sends to the queue URL's own host, as
 * the SDK does; with one (the local server) to that endpoint.
 */
export const createLiteIntakeQueue = (
  sqs: AwsJsonClient,
  queueUrl: string,
  options: { readonly endpointConfigured: boolean },
): IntakeQueue => {
  // Parsed once, not at every send.
  const endpoint = options.endpointConfigured ? undefined : new URL(new URL(queueUrl).origin);
  return {
    async send(message) {
      await sqs.call(
        'SendMessage',
        intakeSendInput(queueUrl, message),
        endpoint ? { endpoint } : {},
      );
    },
  };
};

/**
 * withSecrets (shared/secrets.ts) with the light client: one GetSecretValue per secret, from
 * the region's Secrets Manager (`client` only in tests: a stand-in server's endpoint).
 */
export const withSecretsLite = (
  env: Readonly<Record<string, string | undefined>>,
  allowed: readonly string[],
  client?: Partial<AwsJsonClientOptions>,
): Promise<Record<string, string | undefined>> =>
  overlaySecrets(env, allowed, async (arns) => {
    const secretsManager = createAwsJsonClient({
      service: SECRETS_MANAGER,
      region: required(env[ENV.awsRegion], ENV.awsRegion),
      credentials: defaultProvider(),
      ...client,
    });
    try {
      const read = await Promise.all(
        arns.map((arn) =>
          secretsManager.call<{ SecretString?: string }>('GetSecretValue', { SecretId: arn }),
        ),
      );
      return read.map(({ SecretString }) => SecretString);
    } finally {
      secretsManager.destroy();
    }
  });
