export type RateLimit = { readonly limit: number; readonly windowSeconds: number };

export type RateDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAfterSeconds: number };

/**
 * Fixed-window request counting per key (a source address, a site key), in memory: cheap
 * enough for the ingest hot path. Each Lambda instance counts on its own, so across N warm
 * instances a key may get up to N times the limit; API Gateway's route throttling caps the sum.
 * The map is bounded: expired windows go first, then the oldest keys. Answers a function that
 * counts one request for a key and decides.
 */
export const createRateLimiter = (
  rule: RateLimit,
  now: () => Date,
  maxKeys = 50_000,
): ((key: string) => RateDecision) => {
  const windows = new Map<string, { start: number; count: number }>();
  const windowMs = rule.windowSeconds * 1000;

  const prune = (at: number) => {
    for (const [key, window] of windows) {
      if (at - window.start >= windowMs) windows.delete(key);
    }
    // Still too many live keys (a flood of distinct addresses): forget the oldest.
    for (const key of windows.keys()) {
      if (windows.size <= maxKeys) break;
      windows.delete(key);
    }
  };

  return (key) => {
    if (rule.limit <= 0) return { ok: true }; // 0 switches the limit off
    const at = now().getTime();
    let window = windows.get(key);
    if (!window || at - window.start >= windowMs) {
      if (windows.size >= maxKeys) prune(at);
      window = { start: at, count: 0 };
      windows.delete(key);
      windows.set(key, window);
    }
    window.count++;
    if (window.count <= rule.limit) return { ok: true };
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - at) / 1000)),
    };
  };
};
