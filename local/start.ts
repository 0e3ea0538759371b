/**
 * `npm start`: the whole switchboard on this machine, on 127.0.0.1 only.
 *
 *   npm start                 data kept in .switchboard/ across restarts
 *   npm start -- --in-memory  no data kept (the admin key is the same file's either way)
 *
 * Environment: every name in docs/configuration.md, plus DYNAMODB_PORT (8000) and
 * SQS_PORT (9324) for the local servers.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { newSecret } from '../shared/crypto';
import { JavaMissingError } from './dynamodb-local';
import { startLocalStack, startServers } from './stack';

const DATA_DIR = resolve('.switchboard');

const portFrom = (name: string, fallback: number): number => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`${name} must be a port number, not "${value}"`);
    process.exit(2);
  }
  return port;
};

/**
 * The local admin key: ADMIN_API_KEY, else the one in .switchboard/admin-api-key (made on the
 * first start). A start in memory uses the same file, so the key a terminal read from it is
 * the one the running system takes whichever way it was started.
 */
const adminKey = (): string => {
  if (process.env.ADMIN_API_KEY) return process.env.ADMIN_API_KEY;
  const file = join(DATA_DIR, 'admin-api-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = newSecret('sb_admin_');
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
};

const main = async () => {
  const args = new Set(process.argv.slice(2));
  const inMemory = args.has('--in-memory');
  const port = portFrom('PORT', 3000);
  const key = adminKey();

  const servers = await startServers({
    dynamoPort: portFrom('DYNAMODB_PORT', 8000),
    sqsPort: portFrom('SQS_PORT', 9324),
    dataDir: inMemory ? undefined : join(DATA_DIR, 'dynamodb'),
  });
  const stack = await startLocalStack({
    servers,
    port,
    env: { ...process.env, ADMIN_API_KEY: key },
    onPollerError: (consumer, error) =>
      console.error(`[${consumer}] ${error instanceof Error ? error.message : String(error)}`),
  }).catch(async (error) => {
    await servers.stop();
    throw error;
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await stack.stop();
    await servers.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const url = stack.url;
  console.log(`
switchboard is running at ${url}   (${inMemory ? 'in memory' : `data in ${DATA_DIR}`})

  admin API key   ${key}
  DynamoDB Local  ${servers.dynamo.endpoint}   table "${stack.config.tableName}"
  SQS (fauxqs)    ${servers.sqs.endpoint}   queues ${Object.keys(stack.queues).join(', ')} (+ DLQs)
  API document    ${url}/v1/openapi.json

Try it:

  export SB=${url} KEY=${key}
  curl -s -X PUT $SB/v1/managers/anna -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \\
    -d '{"name":"Anna","team":"acquisition","extensions":["101"],"active":true}'
  curl -s -X PUT $SB/v1/sites/shop -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \\
    -d '{"name":"Shop","allowedOrigins":["https://shop.example"]}'
  curl -s $SB/v1/forms/shop -H 'Origin: https://shop.example' -d 'Name=Ivan&Phone=8 (999) 123-45-67'
  curl -s $SB/v1/leads -H "Authorization: Bearer $KEY"

Ctrl-C stops everything.
`);
};

main().catch((error) => {
  if (error instanceof JavaMissingError) {
    console.error(error.message);
    process.exit(1);
  }
  if (error?.code === 'EADDRINUSE') {
    console.error(
      `A port is already in use (${error.message}). Set PORT, DYNAMODB_PORT or SQS_PORT.`,
    );
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
