import type { CallClassification } from './classify';
import type { CallDirection } from './types';

/** The per-day counters a call adds to, for the whole company and for its manager. */
export const CALL_COUNTERS = [
  'calls',
  'inbound',
  'outbound',
  'answered',
  'missed',
  'shortAbandoned',
  'effective',
  'talkSeconds',
  'conversations',
  'waitSeconds',
  'waitCalls',
  'outboundNotReached',
  'calledBack',
  'calledBackWithin15Minutes',
  'callbackSeconds',
  'clientRecontacts',
] as const;
export type CallCounter = (typeof CALL_COUNTERS)[number];
export type CounterValues = Partial<Record<CallCounter, number>>;

export const CALLBACK_SLA_SECONDS = 15 * 60;

/** What became of a missed call: still open, called back by us, or the client called again. */
export type CallbackOutcome =
  | { readonly status: 'open' }
  | {
      readonly status: 'called_back';
      readonly at: string;
      readonly seconds: number;
      readonly byCallId: string;
    }
  | { readonly status: 'client_recontact'; readonly at: string; readonly byCallId: string };

/** The parts of a stored call record that its counters depend on. */
export type CountableCall = {
  readonly direction: CallDirection;
  readonly talkSeconds: number;
  readonly day?: string | undefined;
  readonly managerId?: string | undefined;
  readonly classification?: CallClassification | undefined;
  readonly callback?: CallbackOutcome | undefined;
};

export type Contribution = {
  readonly day: string;
  readonly managerId?: string | undefined;
  readonly values: CounterValues;
};

/**
 * What one call adds to the counters: nothing until it is classified, then a fixed set of
 * numbers. Counters are the sum of this over all calls, which is exactly what a recount does.
 */
export const contributionOf = (call: CountableCall): Contribution | undefined => {
  const c = call.classification;
  if (!c || !call.day) return undefined;
  const inbound = call.direction === 'inbound';
  const values: CounterValues = {
    calls: 1,
    [inbound ? 'inbound' : 'outbound']: 1,
  };
  if (c.effective) values.effective = 1;
  if (c.outcome === 'answered') {
    values.conversations = 1;
    if (call.talkSeconds > 0) values.talkSeconds = call.talkSeconds;
    if (inbound) values.answered = 1;
  }
  if (c.outcome === 'missed') values.missed = 1;
  if (c.outcome === 'short_abandon') values.shortAbandoned = 1;
  if (c.outcome === 'not_reached') values.outboundNotReached = 1;
  if (inbound && c.waitSeconds !== undefined) {
    values.waitCalls = 1;
    if (c.waitSeconds > 0) values.waitSeconds = c.waitSeconds;
  }
  if (c.outcome === 'missed' && call.callback?.status === 'called_back') {
    values.calledBack = 1;
    if (call.callback.seconds > 0) values.callbackSeconds = call.callback.seconds;
    if (call.callback.seconds <= CALLBACK_SLA_SECONDS) values.calledBackWithin15Minutes = 1;
  }
  if (c.outcome === 'missed' && call.callback?.status === 'client_recontact') {
    values.clientRecontacts = 1;
  }
  return { day: call.day, managerId: call.managerId, values };
};

export type CounterDelta = {
  readonly day: string;
  readonly managerId?: string | undefined;
  readonly values: CounterValues;
};

/**
 * The additions that turn the counters for `before` into those for `after`: zero when nothing
 * changed, a move between buckets when the day or the manager changed.
 */
export const contributionDelta = (
  before: Contribution | undefined,
  after: Contribution | undefined,
): CounterDelta[] => {
  const sameBucket =
    before && after && before.day === after.day && before.managerId === after.managerId;
  if (sameBucket) {
    const values: CounterValues = {};
    for (const name of CALL_COUNTERS) {
      const diff = (after.values[name] ?? 0) - (before.values[name] ?? 0);
      if (diff !== 0) values[name] = diff;
    }
    return Object.keys(values).length > 0
      ? [{ day: after.day, managerId: after.managerId, values }]
      : [];
  }
  const deltas: CounterDelta[] = [];
  if (before) {
    const values: CounterValues = {};
    for (const name of CALL_COUNTERS) {
      const v = before.values[name];
      if (v) values[name] = -v;
    }
    deltas.push({ day: before.day, managerId: before.managerId, values });
  }
  if (after)
    deltas.push({ day: after.day, managerId: after.managerId, values: { ...after.values } });
  return deltas;
};

/** Adds contributions up (a recount, or a sum over days/managers). */
export const sumValues = (all: readonly CounterValues[]): Record<CallCounter, number> => {
  const total = Object.fromEntries(CALL_COUNTERS.map((n) => [n, 0])) as Record<CallCounter, number>;
  for (const values of all) {
    for (const name of CALL_COUNTERS) total[name] += values[name] ?? 0;
  }
  return total;
};

/** The figures API.md promises, from summed counters. */
export const callMetrics = (sum: Record<CallCounter, number>) => ({
  calls: sum.calls,
  inbound: sum.inbound,
  outbound: sum.outbound,
  answered: sum.answered,
  missed: sum.missed,
  shortAbandoned: sum.shortAbandoned,
  effective: sum.effective,
  talkSeconds: sum.talkSeconds,
  averageTalkSeconds: ratio(sum.talkSeconds, sum.conversations),
  averageWaitSeconds: ratio(sum.waitSeconds, sum.waitCalls),
  calledBack: sum.calledBack,
  calledBackWithin15Minutes: sum.calledBackWithin15Minutes,
  averageCallbackSeconds: ratio(sum.callbackSeconds, sum.calledBack),
  neverCalledBack: sum.missed - sum.calledBack - sum.clientRecontacts,
  clientRecontacts: sum.clientRecontacts,
  outboundNotReached: sum.outboundNotReached,
});

const ratio = (total: number, count: number): number | null =>
  count > 0 ? Math.round(total / count) : null;
