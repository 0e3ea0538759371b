import type { CallClassification } from '../domain/calls/classify';
import type {
  CallbackOutcome,
  Contribution,
  CounterDelta,
  CounterValues,
} from '../domain/calls/counters';
import type { CallState } from '../domain/calls/fold';
import type { CallDirection, CallEvent } from '../domain/calls/types';

export type Recorded = 'recorded' | 'duplicate';

/** A call as stored: its folded state, how it was judged, and what it adds to the counters. */
export type StoredCall = CallState & {
  readonly version: number;
  readonly day?: string | undefined;
  readonly managerId?: string | undefined;
  readonly classification?: CallClassification | undefined;
  readonly callback?: CallbackOutcome | undefined;
  /** What this call currently adds to the counters (exactly what a recount would add). */
  readonly contribution?: Contribution | undefined;
  /** The last-event time the call's pending deadline check was scheduled for. */
  readonly finalizeCheckFor?: string | undefined;
  /**
   * When switchboard closed the call by its deadline (kept once set: the call stays closed from
   * the evidence until the provider's own ending corrects it).
   */
  readonly timedOutAt?: string | undefined;
  readonly updatedAt: string;
};

export type CallListQuery = {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly managerId?: string | undefined;
  readonly direction?: CallDirection | undefined;
  readonly outcome?: CallClassification['outcome'] | 'effective' | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
};

/** Resolving a missed call's callback, conditionally, in the same write as its record. */
export type MissedResolution = {
  readonly number: string;
  readonly missedEndedAt: string;
  readonly outcome: Exclude<CallbackOutcome, { status: 'open' }>;
};

export type CounterRow = {
  readonly day: string;
  /** undefined: the company total; '-' for calls no manager is responsible for. */
  readonly managerId?: string | undefined;
  readonly values: CounterValues;
};

export interface CallStore {
  /** Keeps one event; 'duplicate' when this very delivery was kept before. */
  putEvent(event: CallEvent): Promise<Recorded>;
  events(provider: string, callId: string): Promise<readonly CallEvent[]>;
  get(provider: string, callId: string): Promise<StoredCall | undefined>;
  /**
   * Writes the record if it is still at `expectedVersion` (undefined: does not exist yet) and
   * adds the counter deltas in the same transaction; with `resolve`, also marks that missed
   * call's callback resolved, if it is still open or was resolved later than this outcome
   * ('superseded' when an earlier resolution already holds).
   */
  save(
    record: StoredCall,
    expectedVersion: number | undefined,
    deltas: readonly CounterDelta[],
    resolve?: MissedResolution,
  ): Promise<'saved' | 'conflict' | 'superseded'>;
  list(query: CallListQuery): Promise<{
    readonly items: readonly StoredCall[];
    readonly nextCursor: string | null;
  }>;
  /** Counter rows for these days: the totals and every manager's, or one manager's only. */
  counters(days: readonly string[], managerId?: string): Promise<readonly CounterRow[]>;
}

export type CallAttempt = {
  readonly kind: 'outbound' | 'answered_inbound';
  readonly at: string;
  readonly provider: string;
  readonly callId: string;
};

export type MissedEntry = {
  readonly provider: string;
  readonly callId: string;
  readonly endedAt: string;
  readonly status: CallbackOutcome['status'];
  readonly resolvedAt?: string | undefined;
};

/** What happened on one client number: missed calls, our attempts, the open callback task. */
export interface CallbackStore {
  addMissed(number: string, entry: Omit<MissedEntry, 'status'>): Promise<void>;
  /** Forgets a call that was judged missed too early (later events show it answered). */
  dropMissed(number: string, provider: string, callId: string): Promise<boolean>;
  addAttempt(number: string, attempt: CallAttempt): Promise<void>;
  /** The earliest attempt (ours, or the client's answered call) at or after `at`. */
  firstAttemptAfter(number: string, at: string): Promise<CallAttempt | undefined>;
  /** Missed calls that ended before `at` and are open, or resolved later than `at`. */
  missedBefore(number: string, at: string): Promise<readonly MissedEntry[]>;
  /** The open callback task (a lead of kind `callback`) for the number, if any. */
  openTask(number: string): Promise<string | undefined>;
  /** Claims the number's task slot for a new task; 'taken' when one is open already. */
  claimTask(number: string, leadId: string): Promise<'claimed' | 'taken'>;
  releaseTask(number: string, leadId: string): Promise<void>;
}
