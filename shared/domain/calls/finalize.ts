import type { CallState } from './fold';

/**
 * Finishing a call whose provider never sends its final word (DESIGN.md invariant 8). Twilio
 * does not retry status callbacks, Zadarma and Mango document no retries: a missing final event
 * is normal. Such a call is closed CALL_FINALIZE_AFTER_SECONDS after its last event, from the
 * evidence received, and counted then; a final event arriving later corrects it (the record is
 * folded again and the counters move by the difference).
 */

const seconds = (from: string, to: string): number =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/**
 * The call as its evidence shows it when its deadline passed: over at its last event; answered
 * if anyone answered, with talk from the answer to the last event; otherwise unanswered. A call
 * that is over already is returned as it is.
 */
export const closeByTimeout = (call: CallState): CallState => {
  if (call.ended) return call;
  const endedAt = call.lastEventAt;
  const answered =
    call.answeredAt !== undefined || call.talkSeconds > 0 || call.disposition === 'answered';
  const talkSeconds = answered
    ? Math.max(call.talkSeconds, call.answeredAt ? seconds(call.answeredAt, endedAt) : 0)
    : 0;
  return {
    ...call,
    ended: true,
    closedBy: 'timeout',
    endedAt,
    talkSeconds,
    disposition: answered ? 'answered' : call.disposition,
  };
};

/** When a call whose last event was at `lastEventAt` is closed if nothing else comes. */
export const finalizeDueAt = (lastEventAt: string, afterSeconds: number): string =>
  new Date(Date.parse(lastEventAt) + afterSeconds * 1000).toISOString();

/** What the deadline check of a call finds to do. */
export type DeadlineDecision =
  /** Nothing: the call is over (by the provider or already by its deadline), or unknown. */
  | { readonly action: 'none' }
  /** No event came after the one the check was scheduled for: close it from the evidence. */
  | { readonly action: 'close' }
  /** Newer events came: the deadline moves to the latest one's time + the wait. */
  | { readonly action: 'postpone'; readonly lastEventAt: string }
  /** Newer events came and a check for the latest one is scheduled already. */
  | { readonly action: 'pending' };

/**
 * One check per call travels forward with its events: the first event of an unfinished call
 * schedules it for that event's time; when it comes due after newer events, it moves to the
 * latest (unless the call's record shows a check for that time is scheduled already).
 */
export const decideDeadline = (
  call: Pick<CallState, 'ended' | 'lastEventAt'> & {
    readonly finalizeCheckFor?: string | undefined;
  },
  check: { readonly lastEventAt: string },
): DeadlineDecision => {
  if (call.ended) return { action: 'none' };
  if (Date.parse(call.lastEventAt) <= Date.parse(check.lastEventAt)) return { action: 'close' };
  if (call.finalizeCheckFor === call.lastEventAt) return { action: 'pending' };
  return { action: 'postpone', lastEventAt: call.lastEventAt };
};
