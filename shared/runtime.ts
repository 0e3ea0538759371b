import { randomUUID } from 'node:crypto';
import type { Clock, IdGenerator } from './ports';

/** Time and ids: the system's in production, injected in tests. */
export type Runtime = {
  readonly now: Clock;
  readonly newId: IdGenerator;
};

export const systemRuntime: Runtime = { now: () => new Date(), newId: () => randomUUID() };
