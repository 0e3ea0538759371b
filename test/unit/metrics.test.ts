import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmfHeldMetrics, METRICS } from '../../shared/metrics';

/** What the function writes to stdout while `act` runs, as JSON lines. */
const emfLines = (act: () => void): Record<string, unknown>[] => {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    act();
  } finally {
    spy.mockRestore();
  }
  return lines
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
};

describe('createEmfHeldMetrics', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('writes one EMF line per held request, by route and in total, and nothing before', () => {
    // The tests silence metrics (vitest.config.ts); this one reads them.
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');

    const made = emfLines(() => createEmfHeldMetrics());
    const metrics = createEmfHeldMetrics();
    const held = emfLines(() => {
      metrics.held('telephony/twilio', 'unreadable');
      metrics.held('forms', 'spam');
    });

    expect(made).toEqual([]);
    expect(held).toEqual([
      expect.objectContaining({
        Route: 'telephony/twilio',
        service: METRICS.service,
        [METRICS.held]: 1,
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            expect.objectContaining({
              Namespace: METRICS.namespace,
              Dimensions: [['service', 'Route'], ['service']],
            }),
          ],
        }),
      }),
      expect.objectContaining({ Route: 'forms', [METRICS.spam]: 1 }),
    ]);
  });
});
