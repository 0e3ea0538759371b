import type { CallState } from './fold';
import type { Disposition, MissedReason, Thresholds } from './types';

export type CallClassification = {
  /** answered (inbound answered / outbound reached), missed, short_abandon, not_reached. */
  readonly outcome: 'answered' | 'missed' | 'short_abandon' | 'not_reached';
  /** Answered with talk ≥ the effective threshold. */
  readonly effective: boolean;
  readonly missedReason?: MissedReason | undefined;
  /** Inbound: arrival → answer, or arrival → hangup when nobody answered. */
  readonly waitSeconds?: number | undefined;
  /** The thresholds this call was judged by; a later change does not rewrite history. */
  readonly thresholds: Thresholds;
};

const REASONS: Record<Disposition, MissedReason> = {
  answered: 'no-answer',
  'no-answer': 'no-answer',
  busy: 'busy',
  rejected: 'rejected',
  canceled: 'abandoned',
  failed: 'failed',
  voicemail: 'voicemail',
  ivr: 'ivr',
  unavailable: 'unavailable',
};

const seconds = (from: string, to: string): number =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/**
 * Judges a finished call (reference: peers-and-metrics §3). The whole call is the unit: three
 * phones ringing at once and nobody answering is one missed call. Unfinished calls are not
 * judged (undefined). An inbound call closed by its deadline that nobody answered is missed,
 * never a short abandon: the evidence says when it went quiet, not when the caller hung up.
 */
export const classifyCall = (
  call: CallState,
  thresholds: Thresholds,
): CallClassification | undefined => {
  if (!call.ended) return undefined;
  const answered = call.disposition === 'answered';
  const effective = answered && call.talkSeconds >= thresholds.effectiveTalkSeconds;

  if (call.direction === 'outbound') {
    return { outcome: answered ? 'answered' : 'not_reached', effective, thresholds };
  }
  if (answered) {
    return {
      outcome: 'answered',
      effective,
      waitSeconds: call.answeredAt ? seconds(call.startedAt, call.answeredAt) : undefined,
      thresholds,
    };
  }
  if (call.closedBy === 'timeout') {
    // Closed by its deadline: nobody is known to have answered, and when the caller gave up is
    // not known either (only when the evidence stopped). A call-back is owed: missed, no wait.
    return {
      outcome: 'missed',
      effective: false,
      missedReason: REASONS[call.disposition ?? 'no-answer'],
      waitSeconds: undefined,
      thresholds,
    };
  }
  const waitSeconds = call.startKnown
    ? seconds(call.startedAt, call.endedAt ?? call.startedAt)
    : undefined;
  // A short abandon is the caller giving up within seconds; a line that is busy or refuses
  // at once is a missed call all the same. Without a start time the wait is unknown: no guess.
  const callerGaveUp =
    call.disposition === undefined ||
    call.disposition === 'canceled' ||
    call.disposition === 'no-answer';
  if (callerGaveUp && waitSeconds !== undefined && waitSeconds < thresholds.shortAbandonSeconds) {
    return { outcome: 'short_abandon', effective: false, waitSeconds, thresholds };
  }
  return {
    outcome: 'missed',
    effective: false,
    missedReason: REASONS[call.disposition ?? 'no-answer'],
    waitSeconds,
    thresholds,
  };
};
