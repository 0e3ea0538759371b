import { classifyCall } from '../domain/calls/classify';
import { type CallbackOutcome, contributionDelta, contributionOf } from '../domain/calls/counters';
import { closeByTimeout, finalizeDueAt } from '../domain/calls/finalize';
import { foldCall } from '../domain/calls/fold';
import type { AgentRef } from '../domain/calls/types';
import type { CallMessage } from '../domain/messages';
import { dayInZone } from '../domain/time';
import type { Manager } from '../domain/types';
import { logger } from '../logger';
import type { CallAttempt, MissedResolution, StoredCall } from '../ports';
import { CallContentionError, type CallDeps } from './call-deps';
import { closeTaskIfDone, ensureCallbackTask } from './callback-task';
import { recordSpeedToLead } from './speed-to-lead';

/** The manager whose line this is: by extension, phone or client/SIP identity. */
export const managerOf = (
  agent: AgentRef | undefined,
  managers: readonly Manager[],
): Manager | undefined => {
  if (!agent) return undefined;
  return managers.find(
    (m) =>
      (agent.extension !== undefined && m.extensions.includes(agent.extension)) ||
      (agent.identity !== undefined && m.extensions.includes(agent.identity)) ||
      (agent.phone !== undefined && m.phones.includes(agent.phone)),
  );
};

const volatile = new Set(['version', 'updatedAt', 'contribution']);
const comparable = (record: StoredCall): string =>
  JSON.stringify(record, (key, value) => (volatile.has(key) ? undefined : value));

export type UpdateCallOptions = {
  /**
   * An unfinished call gets its deadline check with this save (scheduled first, so a failure
   * in between schedules it again rather than never): one write, not two.
   */
  readonly ensureDeadline?: boolean;
  readonly resolve?: MissedResolution;
  readonly assignee?: string;
  /** Notes that the call's deadline check is scheduled for this last-event time. */
  readonly finalizeCheckFor?: string;
  /** The call's deadline passed for this last-event time: close it, unless newer events came. */
  readonly timeoutFor?: string;
};

/**
 * Brings a call's stored record in line with all its events: folds them, judges the call when
 * it is over, and moves the counters by exactly the difference, in the same transaction that
 * writes the record (conditional on its version). Running it again changes nothing. A call
 * closed by its deadline stays closed from the evidence (folded again with whatever else came)
 * until the provider's own ending takes over.
 */
export const updateCall = async (
  deps: CallDeps,
  provider: string,
  callId: string,
  managers: readonly Manager[],
  options: UpdateCallOptions = {},
): Promise<StoredCall | undefined> => {
  for (let attempt = 0; attempt < 8; attempt++) {
    const [events, existing] = await Promise.all([
      deps.calls.events(provider, callId),
      deps.calls.get(provider, callId),
    ]);
    if (events.length === 0) return existing;
    const folded = foldCall(events);
    const closing =
      options.timeoutFor !== undefined &&
      !folded.ended &&
      Date.parse(folded.lastEventAt) <= Date.parse(options.timeoutFor);
    const timedOutAt = existing?.timedOutAt ?? (closing ? deps.now().toISOString() : undefined);
    const state = timedOutAt === undefined ? folded : closeByTimeout(folded);
    const thresholds = existing?.classification?.thresholds ?? deps.thresholds;
    const checkFor =
      options.finalizeCheckFor ??
      existing?.finalizeCheckFor ??
      (options.ensureDeadline && !state.ended ? state.lastEventAt : undefined);
    const classification = classifyCall(state, thresholds);
    const missed = classification?.outcome === 'missed';
    const callback: CallbackOutcome | undefined =
      options.resolve?.outcome ?? existing?.callback ?? (missed ? { status: 'open' } : undefined);
    const record: StoredCall = {
      ...state,
      version: (existing?.version ?? 0) + 1,
      day: dayInZone(new Date(state.startedAt), deps.timeZone),
      // Answered: who answered; outbound: who called; missed: who must call back.
      managerId:
        managerOf(state.agent, managers)?.id ??
        (missed ? (options.assignee ?? existing?.managerId) : undefined),
      classification,
      callback,
      finalizeCheckFor: checkFor,
      timedOutAt,
      updatedAt: deps.now().toISOString(),
    };
    if (existing && comparable(existing) === comparable(record)) return existing;
    if (
      checkFor !== undefined &&
      checkFor !== existing?.finalizeCheckFor &&
      !options.finalizeCheckFor
    ) {
      await scheduleDeadlineCheck(deps, record);
    }

    const contribution = contributionOf(record);
    const result = await deps.calls.save(
      { ...record, contribution },
      existing?.version,
      contributionDelta(existing?.contribution, contribution),
      options.resolve,
    );
    if (result === 'saved') return record;
    if (result === 'superseded') return existing; // an earlier callback already counts
  }
  throw new CallContentionError(`${provider}:${callId}`);
};

/**
 * Records one telephony event and everything that follows from it: the call record and its
 * counters, the call's deadline check while it is not over, a callback task for a missed
 * inbound call, and the closing of earlier missed calls of the same number by our call-back or
 * by the client's answered call. Every step is idempotent and independent of the order calls
 * are processed in.
 */
export const recordCallEvent = async (deps: CallDeps, message: CallMessage): Promise<void> => {
  const record = await recordAndFollowUp(deps, message);
  if (record) await announceCall(deps, record);
};

/**
 * A finished call goes out to the webhooks: call.missed, or call.completed (answered, not
 * reached, abandoned at once). Announced after every event of a finished call — the event id
 * (type, call, outcome) is the same each time, so a delivery is made once; a late event that
 * changes the outcome makes a new one.
 */
const announceCall = async (deps: CallDeps, call: StoredCall): Promise<void> => {
  const outcome = call.classification?.outcome;
  if (!outcome) return;
  await deps.assignments.publish({
    type: outcome === 'missed' ? 'call.missed' : 'call.completed',
    provider: call.provider,
    callId: call.callId,
    ...(call.managerId ? { managerId: call.managerId } : {}),
    outcome,
    at: call.endedAt ?? call.startedAt,
  });
};

/**
 * The event kept, the record brought in line (one deadline check per unfinished call: scheduled
 * with its first event, it moves forward with later ones when it comes due, finalize-call.ts),
 * and what follows from it; the record as it ends up.
 */
const recordAndFollowUp = async (
  deps: CallDeps,
  message: CallMessage,
): Promise<StoredCall | undefined> => {
  const { event } = message;
  await deps.calls.putEvent(event); // a duplicate still reconciles: an earlier try may have crashed
  const managers = await deps.managers.list();
  const record = await updateCall(deps, event.provider, event.callId, managers, {
    ensureDeadline: true,
  });
  if (!record) return undefined;
  return followUpCall(deps, record, { managers, receivedAt: message.receivedAt });
};

/** Schedules the call's deadline check for its last event (sla queue, hops of ≤ 15 minutes). */
export const scheduleDeadlineCheck = (
  deps: Pick<CallDeps, 'sla' | 'callFinalizeAfterSeconds'>,
  call: Pick<StoredCall, 'provider' | 'callId' | 'lastEventAt'>,
): Promise<void> =>
  deps.sla.schedule({
    type: 'call-finalize',
    provider: call.provider,
    callId: call.callId,
    lastEventAt: call.lastEventAt,
    dueAt: finalizeDueAt(call.lastEventAt, deps.callFinalizeAfterSeconds),
  });

/**
 * What follows from a call's record, whoever finished it (an event, or its deadline): speed to
 * lead, a call-back attempt, a callback task for a missed inbound call, missed calls resolved.
 * Returns the record as it ends up (a missed call gets the manager who must call back).
 */
export const followUpCall = async (
  deps: CallDeps,
  call: StoredCall,
  context: { readonly managers: readonly Manager[]; readonly receivedAt: string },
): Promise<StoredCall> => {
  const { managers } = context;
  let record = call;
  const number = record.customer;
  if (!number) return record;
  const { provider, callId } = record;

  await recordSpeedToLead(deps, number, record);

  if (record.direction === 'outbound') {
    // Any attempt counts as a call-back, reached or not, from the moment it starts.
    await handleAttempt(deps, number, attemptOf(record, 'outbound', record.startedAt), managers);
    return record;
  }
  const outcome = record.classification?.outcome;
  if (outcome === 'answered') {
    const at = record.answeredAt ?? record.startedAt;
    // Judged missed on early events, answered after all: no call-back is owed for it.
    if (await deps.callbacks.dropMissed(number, provider, callId)) {
      await closeTaskIfDone(deps, number, attemptOf(record, 'answered_inbound', at));
    }
    await handleAttempt(deps, number, attemptOf(record, 'answered_inbound', at), managers);
    return record;
  }
  if (outcome !== 'missed') return record;

  const endedAt = record.endedAt ?? record.startedAt;
  await deps.callbacks.addMissed(number, { provider, callId, endedAt });
  const assignee = await ensureCallbackTask(deps, number, record, context);
  if (assignee && !record.managerId) {
    record = (await updateCall(deps, provider, callId, managers, { assignee })) ?? record;
  }
  // Our call-back (or the client's call) may have been processed before this missed call.
  const first = await deps.callbacks.firstAttemptAfter(number, endedAt);
  if (first && !(first.provider === provider && first.callId === callId)) {
    await resolveMissed(deps, number, { provider, callId, endedAt }, first, managers);
    await closeTaskIfDone(deps, number, first);
  }
  return record;
};

const attemptOf = (record: StoredCall, kind: CallAttempt['kind'], at: string): CallAttempt => ({
  kind,
  at,
  provider: record.provider,
  callId: record.callId,
});

const handleAttempt = async (
  deps: CallDeps,
  number: string,
  attempt: CallAttempt,
  managers: readonly Manager[],
) => {
  await deps.callbacks.addAttempt(number, attempt);
  const missed = await deps.callbacks.missedBefore(number, attempt.at);
  for (const entry of missed) {
    if (entry.provider === attempt.provider && entry.callId === attempt.callId) continue;
    await resolveMissed(deps, number, entry, attempt, managers);
  }
  await closeTaskIfDone(deps, number, attempt);
};

const resolveMissed = async (
  deps: CallDeps,
  number: string,
  missed: { readonly provider: string; readonly callId: string; readonly endedAt: string },
  attempt: CallAttempt,
  managers: readonly Manager[],
) => {
  const byCallId = `${attempt.provider}:${attempt.callId}`;
  const outcome: MissedResolution['outcome'] =
    attempt.kind === 'outbound'
      ? {
          status: 'called_back',
          at: attempt.at,
          seconds: Math.max(
            0,
            Math.round((Date.parse(attempt.at) - Date.parse(missed.endedAt)) / 1000),
          ),
          byCallId,
        }
      : { status: 'client_recontact', at: attempt.at, byCallId };
  await updateCall(deps, missed.provider, missed.callId, managers, {
    resolve: { number, missedEndedAt: missed.endedAt, outcome },
  });
  logger.info('missed call resolved', { callId: missed.callId, status: outcome.status });
};
