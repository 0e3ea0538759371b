import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SqsLocal } from '../../local/sqs-local';

/**
 * The name the SQS server's process goes by (its /proc comm): cpuSeconds() reports its CPU
 * under this name, apart from this process's.
 */
export const SQS_PROCESS_NAME = 'fauxqs';

type Command = 'pause' | 'resume' | 'stop';
type Reply = { readonly ready?: string; readonly done?: Command; readonly error?: string };

/**
 * fauxqs in a child process of its own, for the benchmarks: in AWS, SQS is AWS's, and the CPU
 * it takes here is the emulator's, not a function's. The same server as startSqsLocal (the
 * child runs it), driven over IPC.
 */
export const startSqsProcess = (options: { readonly port: number }): Promise<SqsLocal> =>
  new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [String(options.port)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let endpoint = '';
    const waiting = new Map<Command, { resolve: () => void; reject: (e: Error) => void }>();
    const send = (command: Command) =>
      new Promise<void>((done, fail) => {
        if (!child.connected) return done();
        waiting.set(command, { resolve: done, reject: fail });
        child.send(command);
      });
    child.on('message', (reply: Reply) => {
      if (reply.ready) {
        endpoint = reply.ready;
        resolve({
          get endpoint() {
            return endpoint;
          },
          get port() {
            return Number(new URL(endpoint).port);
          },
          pause: () => send('pause'),
          resume: () => send('resume'),
          stop: async () => {
            await send('stop');
            child.disconnect();
          },
        });
      } else if (reply.done) {
        waiting.get(reply.done)?.resolve();
        waiting.delete(reply.done);
      } else if (reply.error) {
        for (const w of waiting.values()) w.reject(new Error(reply.error));
        waiting.clear();
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!endpoint)
        reject(new Error(`the SQS server process exited (${code}) before it listened`));
    });
  });

/** In the child: the server, answering the parent's commands. */
const serve = async () => {
  process.title = SQS_PROCESS_NAME;
  const { startSqsLocal } = await import('../../local/sqs-local');
  const server = await startSqsLocal({ port: Number(process.argv[2] ?? 0) });
  const reply = (message: Reply) => process.send?.(message);
  process.on('message', (command: Command) => {
    server[command]().then(
      () => {
        reply({ done: command });
        if (command === 'stop') process.disconnect();
      },
      (error: unknown) => reply({ error: String(error) }),
    );
  });
  // The parent gone (even killed): the server goes too.
  process.on('disconnect', () => {
    server.stop().finally(() => process.exit(0));
  });
  reply({ ready: server.endpoint });
};

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) await serve();
