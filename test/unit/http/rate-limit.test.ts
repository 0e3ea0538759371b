import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../shared/http/rate-limit';
import { createTestClock } from '../../support/clock';

describe('createRateLimiter', () => {
  it('peeks without counting: a key is refused by peek only once counting has reached the limit', () => {
    const clock = createTestClock();
    const limit = createRateLimiter({ limit: 2, windowSeconds: 60 }, clock.now);

    const before = [limit.peek('a'), limit.peek('a'), limit.peek('a')];
    const counted = [limit('a'), limit('a')];
    const atLimit = limit.peek('a');

    expect(before).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(counted).toEqual([{ ok: true }, { ok: true }]);
    expect(atLimit).toMatchObject({ ok: false, retryAfterSeconds: 60 });
    expect(limit.peek('b')).toEqual({ ok: true });
  });

  it('lets a peeked key through again in the next window', () => {
    const clock = createTestClock();
    const limit = createRateLimiter({ limit: 1, windowSeconds: 60 }, clock.now);
    limit('a');

    const within = limit.peek('a');
    clock.advance(60_000);
    const next = limit.peek('a');

    expect(within.ok).toBe(false);
    expect(next).toEqual({ ok: true });
  });

  it('never refuses when the limit is 0 (off)', () => {
    const limit = createRateLimiter({ limit: 0, windowSeconds: 60 }, createTestClock().now);

    expect([limit('a'), limit('a'), limit.peek('a')]).toEqual([
      { ok: true },
      { ok: true },
      { ok: true },
    ]);
  });
});
