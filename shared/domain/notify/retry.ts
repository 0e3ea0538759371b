/**
 * When a failed delivery is tried again: the first retry within a minute, then growing delays
 * that add up to more than 24 hours (25 h 3 min 30 s), 16 attempts in all. After the last one
 * the delivery is dead-lettered. Longer delays than SQS's 15 minutes travel in hops.
 */
export const RETRY_DELAYS_SECONDS = [
  30, 60, 120, 300, 600, 900, 1_800, 3_600, 3_600, 7_200, 7_200, 7_200, 14_400, 14_400, 28_800,
] as const;

export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** Seconds until the retry after failed attempt number `retry` (0-based), or none left. */
export const retryDelay = (retry: number): number | undefined => RETRY_DELAYS_SECONDS[retry];

/** How long a delivery may keep waiting on a destination's own "retry after" answers. */
export const RETRY_WINDOW_SECONDS = RETRY_DELAYS_SECONDS.reduce((sum, s) => sum + s, 0);
