import type {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';

// By name, not `instanceof`: the SDK names its exceptions so, and so does ingest's light client
// (shared/aws/json-client.ts), which must not load the SDK's classes to be recognised.

/** A single write's condition did not hold (an expected outcome, not a failure). */
export const isConditionFailure = (error: unknown): error is ConditionalCheckFailedException =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * The per-item codes of a cancelled transaction ("ConditionalCheckFailed", "None", …), or
 * undefined when the error is something else (throttling, outage), which must propagate.
 */
export const cancellationCodes = (error: unknown): readonly string[] | undefined => {
  const cancelled = error instanceof Error && error.name === 'TransactionCanceledException';
  if (!cancelled) return undefined;
  const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? 'None');
};

/** True when the cancelled transaction failed only on conditions (not a conflict or throttle). */
export const failedOnConditions = (codes: readonly string[]): boolean =>
  codes.some((code) => code === 'ConditionalCheckFailed') &&
  codes.every((code) => code === 'ConditionalCheckFailed' || code === 'None');
