import type { Thresholds } from '../domain/calls/types';
import type { CallbackStore, CallStore } from '../ports';
import type { LeadDeps } from './lead-deps';

/** What the call use cases need: the lead deps (a missed call opens a task) and the calls'. */
export type CallDeps = LeadDeps & {
  readonly calls: CallStore;
  readonly callbacks: CallbackStore;
  readonly thresholds: Thresholds;
  /** A call with no final event is closed this long after its last event. */
  readonly callFinalizeAfterSeconds: number;
};

export class CallContentionError extends Error {
  constructor(callKey: string) {
    super(`Call ${callKey} kept changing under concurrent updates; the event is retried`);
    this.name = 'CallContentionError';
  }
}
