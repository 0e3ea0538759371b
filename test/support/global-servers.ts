import type { TestProject } from 'vitest/node';
import { type Servers, startServers } from '../../local/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sqsEndpoint: string;
  }
}

let servers: Servers | undefined;

/** Starts DynamoDB Local and fauxqs once for the integration run, on free loopback ports. */
export const setup = async (project: TestProject) => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  servers = await startServers({ dynamoPort: 0, sqsPort: 0 });
  project.provide('dynamoEndpoint', servers.dynamo.endpoint);
  project.provide('sqsEndpoint', servers.sqs.endpoint);
};

export const teardown = async () => {
  await servers?.stop();
};
