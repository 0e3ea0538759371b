/**
 * The functions log JSON lines through Powertools (stdout; warnings and errors on stderr), as
 * they do in Lambda. The bench keeps that work (it is part of what a request costs) but does not
 * print the lines: it counts them by level. Everything the bench itself prints goes through
 * `print`.
 */
const writeStdout = process.stdout.write.bind(process.stdout);
const writeStderr = process.stderr.write.bind(process.stderr);

const levels = new Map<string, number>();
const LEVEL = /"level":"([A-Z]+)"/;

const count = (chunk: unknown): void => {
  const level = LEVEL.exec(String(chunk))?.[1] ?? 'other';
  levels.set(level, (levels.get(level) ?? 0) + 1);
};

export const print = (text = ''): void => {
  writeStdout(`${text}\n`);
};

export const printError = (text: string): void => {
  writeStderr(`${text}\n`);
};

let muted = false;

/** From now on, function log lines are counted instead of printed. */
export const muteFunctionLogs = (): void => {
  if (muted) return;
  muted = true;
  process.stdout.write = ((chunk: unknown) => {
    count(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (String(chunk).startsWith('{"')) {
      count(chunk);
      return true;
    }
    return (writeStderr as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
};

/** Log lines counted since the last call, by level (and resets the count). */
export const takeLogCounts = (): Record<string, number> => {
  const counts = Object.fromEntries(levels);
  levels.clear();
  return counts;
};
