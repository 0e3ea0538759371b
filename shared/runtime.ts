import { randomUUID } from 'node:crypto';
import type { Clock, IdGenerator } from './ports';

/** Time and ids: the system's in production, injected in tests. */
export type Runtime = {
  readonly now: Clock;
  readonly newId: IdGenerator;
  /**
   * Waits a moment (pacing a send into its rate-limit second, at most 2 s); tests move their
   * clock instead. Unset: a real timer.
   */
  readonly sleep?: (ms: number) => Promise<void>;
};

export const systemRuntime: Runtime = { now: () => new Date(), newId: () => randomUUID() };
