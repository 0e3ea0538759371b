import { afterAll, beforeAll, vi } from 'vitest';
import { logger } from '../../shared/logger';

/**
 * Every line the functions write to stdout and stderr while the suite runs, at DEBUG level (the
 * most a deployment could be set to log): for tests that read the logs for personal data.
 * Registers its own beforeAll/afterAll; call it at the top of a describe block.
 */
export const captureLogs = (): string[] => {
  const lines: string[] = [];
  const level = logger.getLevelName();
  beforeAll(() => {
    logger.setLogLevel('DEBUG');
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk) => {
        lines.push(String(chunk));
        return true;
      });
    }
  });
  afterAll(() => {
    vi.restoreAllMocks();
    logger.setLogLevel(level);
  });
  return lines;
};
