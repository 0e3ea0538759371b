import { decideDeadline } from '../domain/calls/finalize';
import type { SlaMessage } from '../domain/messages';
import { logger } from '../logger';
import type { CallDeps } from './call-deps';
import { followUpCall, scheduleDeadlineCheck, updateCall } from './record-call-event';

export type CallDeadlineCheck = Extract<SlaMessage, { type: 'call-finalize' }>;

export type FinalizeResult = 'closed' | 'postponed' | 'over' | 'pending' | 'unknown';

/**
 * Whether a deadline check that is not due yet still has to travel on (SQS delays it 15 minutes
 * at most): not once its call is over, nor when a check for the call's latest event is pending
 * already — most calls end within minutes, and their check stops at its first hop.
 */
export const isDeadlineCheckNeeded = async (
  deps: Pick<CallDeps, 'calls'>,
  check: CallDeadlineCheck,
): Promise<boolean> => {
  const call = await deps.calls.get(check.provider, check.callId);
  if (!call) return false;
  const { action } = decideDeadline(call, check);
  return action === 'close' || action === 'postpone';
};

/**
 * A call's deadline came (CALL_FINALIZE_AFTER_SECONDS after the event it was scheduled for).
 * Over already: nothing to do. No newer event: the call is closed from the evidence, marked
 * closed by timeout and counted, with all that follows (a missed call's callback task). Newer
 * events: the check moves to the latest one's deadline. Idempotent: a repeated check finds the
 * call over, or a check for its latest event noted as scheduled.
 */
export const finalizeCall = async (
  deps: CallDeps,
  check: CallDeadlineCheck,
): Promise<FinalizeResult> => {
  const existing = await deps.calls.get(check.provider, check.callId);
  if (!existing) return 'unknown';
  const managers = await deps.managers.list();
  if (existing.closedBy === 'timeout') {
    // Closed by an earlier try that may have failed before the follow-ups: they are idempotent.
    await followUpCall(deps, existing, { managers, receivedAt: deps.now().toISOString() });
    return 'over';
  }
  let decision = decideDeadline(existing, check);

  if (decision.action === 'close') {
    const record = await updateCall(deps, check.provider, check.callId, managers, {
      timeoutFor: check.lastEventAt,
    });
    if (record?.closedBy === 'timeout') {
      logger.info('call closed by its deadline', {
        provider: check.provider,
        callId: check.callId,
        outcome: record.classification?.outcome,
      });
      await followUpCall(deps, record, { managers, receivedAt: deps.now().toISOString() });
      return 'closed';
    }
    // An event came between the read and the close: judge again on what is stored now.
    decision = record ? decideDeadline(record, check) : { action: 'none' };
  }
  switch (decision.action) {
    case 'none':
    case 'close': // closed meanwhile by another copy of this check
      return 'over';
    case 'pending':
      return 'pending';
    case 'postpone': {
      const call = { provider: check.provider, callId: check.callId };
      await scheduleDeadlineCheck(deps, { ...call, lastEventAt: decision.lastEventAt });
      await updateCall(deps, check.provider, check.callId, managers, {
        finalizeCheckFor: decision.lastEventAt,
      });
      return 'postponed';
    }
    default:
      return decision satisfies never;
  }
};
