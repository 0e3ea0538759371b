import { type SpawnOptions, spawn } from 'node:child_process';

/**
 * Runs `node <args>` in a child process (this node binary unless `node` names another) and
 * parses what it prints as JSON; a non-zero exit rejects with `what` and the start of its stderr.
 */
export const runNodeForJson = <T>(
  args: readonly string[],
  options: Pick<SpawnOptions, 'cwd' | 'env'>,
  what: string,
  node: string = process.execPath,
): Promise<T> =>
  new Promise((resolve, reject) => {
    const child = spawn(node, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${what} failed (${code}): ${err.slice(0, 1000)}`));
      else resolve(JSON.parse(out) as T);
    });
  });
