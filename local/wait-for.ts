export type WaitOptions = { readonly timeoutMs: number; readonly intervalMs?: number };

/** Retries `attempt` until it resolves or the deadline passes; rethrows the last error. */
export const waitFor = async <T>(attempt: () => Promise<T>, options: WaitOptions): Promise<T> => {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
    }
  }
};
