import type { RateSlots } from '../ports';

export type RateLimit = { readonly limiter: string; readonly perSecond: number };

/** How far ahead a send may book its second; beyond that it is sent again later via SQS. */
export const PACING_LOOKAHEAD_SECONDS = 2;

/**
 * The first second, from now to a couple of seconds ahead, in which every limit has room, booked
 * in all of them (a booking that cannot be completed is given back); undefined when none has.
 * The caller waits for that second to begin — at most two seconds inside a function — or goes
 * back to the queue.
 */
export const bookSecond = async (
  slots: RateSlots,
  limits: readonly RateLimit[],
  now: Date,
  lookahead = PACING_LOOKAHEAD_SECONDS,
): Promise<number | undefined> => {
  const first = Math.floor(now.getTime() / 1000);
  for (let second = first; second <= first + lookahead; second++) {
    const booked: RateLimit[] = [];
    for (const limit of limits) {
      if (!(await slots.reserve(limit.limiter, second, limit.perSecond))) break;
      booked.push(limit);
    }
    if (booked.length === limits.length) return second;
    await Promise.all(booked.map((limit) => slots.release(limit.limiter, second)));
  }
  return undefined;
};

/** Sleeps until `second` begins (not at all when it has). */
export const waitForSecond = async (
  second: number,
  now: Date,
  sleep: (ms: number) => Promise<void>,
): Promise<void> => waitUntil(second * 1000, now, sleep);

/** Sleeps until the instant `at` (epoch ms; not at all when it has passed). */
export const waitUntil = async (
  at: number,
  now: Date,
  sleep: (ms: number) => Promise<void>,
): Promise<void> => {
  const ms = at - now.getTime();
  if (ms > 0) await sleep(ms);
};
