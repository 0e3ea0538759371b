import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../shared/http/rate-limit';
import { createTestClock } from '../../support/clock';

describe('createRateLimiter', () => {
  it('refuses a key past its limit with the seconds left in its window, and no other key', () => {
    const clock = createTestClock();
    const limit = createRateLimiter({ limit: 2, windowSeconds: 60 }, clock.now);

    const counted = [limit('a'), limit('a')];
    clock.advance(15_000);
    const past = limit('a');

    expect(counted).toEqual([{ ok: true }, { ok: true }]);
    expect(past).toEqual({ ok: false, retryAfterSeconds: 45 });
    expect(limit('b')).toEqual({ ok: true });
  });

  it('lets a key through again in the next window', () => {
    const clock = createTestClock();
    const limit = createRateLimiter({ limit: 1, windowSeconds: 60 }, clock.now);
    limit('a');

    const within = limit('a');
    clock.advance(60_000);
    const next = limit('a');

    expect(within.ok).toBe(false);
    expect(next).toEqual({ ok: true });
  });

  it('never refuses when the limit is 0 (off)', () => {
    const limit = createRateLimiter({ limit: 0, windowSeconds: 60 }, createTestClock().now);

    expect([limit('a'), limit('a'), limit('a')]).toEqual([
      { ok: true },
      { ok: true },
      { ok: true },
    ]);
  });
});
