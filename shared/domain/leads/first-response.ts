import type { Lead } from '../types';
import { addCounts, counterDay, type LeadCounterDelta, type LeadCounts } from './counters';
import { bucketCounter, bucketOf, secondsToRespond } from './speed';

/** The speed-to-lead stages a call records: our first attempt, the first conversation. */
export type FirstStage = 'firstAttempt' | 'firstContact';

/** A first response to write on a lead, and what it moves in the histograms. */
export type FirstResponse = {
  readonly stage: FirstStage;
  readonly at: string;
  /** The lead's manager now, credited with it; none while the lead has no manager. */
  readonly by?: string | undefined;
  /** The first it replaces; the write holds only while the lead still shows this one. */
  readonly replaces?: string | undefined;
  readonly counters: LeadCounterDelta;
};

/**
 * The earliest wins, whatever order calls arrive in (calls are processed in parallel, providers
 * deliver late): `at` becomes the lead's first response when none is recorded yet or it is
 * earlier than the recorded one, and never when it is before the lead's speed clock started
 * (not a response to this lead). An earlier first found later moves the count from the bucket
 * (and the manager) it was counted in to its own. Undefined: nothing changes.
 */
export const firstResponse = (
  lead: Lead,
  stage: FirstStage,
  at: string,
  timeZone: string,
): FirstResponse | undefined => {
  const seconds = secondsToRespond(lead, at);
  if (seconds < 0) return undefined;
  const previous = lead[`${stage}At`];
  if (previous !== undefined && previous <= at) return undefined;
  const previousBy = lead[`${stage}By`];
  const manager = lead.managerId;

  const added: LeadCounts = { [bucketCounter(stage, bucketOf(seconds))]: 1 };
  const removed: LeadCounts =
    previous === undefined
      ? {}
      : { [bucketCounter(stage, bucketOf(secondsToRespond(lead, previous)))]: -1 };
  const managers: Record<string, LeadCounts> = {};
  if (manager) managers[manager] = added;
  if (previousBy && previous !== undefined) {
    managers[previousBy] = addCounts(managers[previousBy] ?? {}, removed);
  }
  return {
    stage,
    at,
    by: manager,
    replaces: previous,
    counters: {
      day: counterDay(lead.createdAt, timeZone),
      total: addCounts(added, removed),
      managers,
    },
  };
};

/**
 * The lead's first effective conversation (talk ≥ EFFECTIVE_TALK_SECONDS), by the same rule:
 * the earliest wins, and never one from before the lead's speed clock started. Undefined:
 * nothing changes.
 */
export const firstEffective = (
  lead: Pick<Lead, 'createdAt' | 'waitedUntil' | 'firstEffectiveAt'>,
  at: string,
): { readonly at: string; readonly replaces?: string | undefined } | undefined => {
  if (secondsToRespond(lead, at) < 0) return undefined;
  const previous = lead.firstEffectiveAt;
  if (previous !== undefined && previous <= at) return undefined;
  return { at, replaces: previous };
};
