import { dayInZone } from '../time';
import type { Lead } from '../types';
import { funnelEntryCounts, funnelOwnerCounts } from './funnel';
import { bucketCounter, bucketOf, secondsToRespond } from './speed';

/** Changes to lead counters by name (leads, ch_form, dupOpenLead, accept_3, …). */
export type LeadCounts = Readonly<Record<string, number>>;

/**
 * What one change adds to a day's lead counters: the company's total row and, where the change
 * is a manager's (an offer, an accept, a first response), that manager's own row.
 */
export type LeadCounterDelta = {
  readonly day: string;
  readonly total: LeadCounts;
  readonly managers?: Readonly<Record<string, LeadCounts>> | undefined;
};

/** Why an inbound event did not become a new lead. */
export type DuplicateReason = 'same_event' | 'open_lead' | 'cross_channel';

const DUPLICATE_COUNTERS: Readonly<Record<DuplicateReason, string>> = {
  same_event: 'dupSameEvent',
  open_lead: 'dupOpenLead',
  cross_channel: 'dupCrossChannel',
};

/** The day of a lead counter: the date of an instant in the business time zone. */
export const counterDay = (iso: string, timeZone: string): string =>
  dayInZone(new Date(iso), timeZone);

/** Counts added up name by name, without the ones that cancel out. */
export const addCounts = (...all: readonly LeadCounts[]): Record<string, number> => {
  const sum: Record<string, number> = {};
  for (const counts of all) {
    for (const [name, value] of Object.entries(counts)) sum[name] = (sum[name] ?? 0) + value;
  }
  return Object.fromEntries(Object.entries(sum).filter(([, value]) => value !== 0));
};

/** Two changes of the same day's counters as one (a transaction updates an item once). */
export const addDeltas = (
  a: LeadCounterDelta,
  b: LeadCounterDelta | undefined,
): LeadCounterDelta => {
  if (!b) return a;
  if (a.day !== b.day) throw new Error(`lead counters of ${a.day} and ${b.day} do not add up`);
  const managers: Record<string, LeadCounts> = { ...a.managers };
  for (const [id, counts] of Object.entries(b.managers ?? {})) {
    managers[id] = addCounts(managers[id] ?? {}, counts);
  }
  return {
    day: a.day,
    total: addCounts(a.total, b.total),
    ...(Object.keys(managers).length > 0 ? { managers } : {}),
  };
};

/**
 * A new lead: an inquiry is a lead of its first channel, from a new or a returning contact, and
 * enters the funnel (when it enters it: `funnelStage` set); a callback task counts only as a
 * task (a missed call is not a lead).
 */
export const openedCounts = (
  lead: Pick<Lead, 'kind' | 'firstChannel' | 'createdAt' | 'funnelStage'>,
  contactIsNew: boolean,
  timeZone: string,
): LeadCounterDelta => ({
  day: counterDay(lead.createdAt, timeZone),
  total:
    lead.kind === 'inquiry'
      ? {
          leads: 1,
          [`ch_${lead.firstChannel}`]: 1,
          [contactIsNew ? 'newContacts' : 'returningContacts']: 1,
          ...(lead.funnelStage === undefined ? {} : funnelEntryCounts(lead)),
        }
      : { callbackTasks: 1 },
});

/** The lead's first manager: it joins that manager's leads of its day (funnel and plan). */
export const assignedCounts = (
  lead: Pick<Lead, 'kind' | 'firstChannel' | 'createdAt' | 'funnelStage'>,
  managerId: string,
  timeZone: string,
): LeadCounterDelta | undefined => funnelOwnerCounts(lead, { to: managerId }, timeZone);

/**
 * A touch on an open inquiry, on the touch's day: a repeat merged into it, and a cross-channel
 * one when its channel is new to the lead. (A callback task's later misses are not counted.)
 */
export const touchedCounts = (
  at: string,
  crossChannel: boolean,
  timeZone: string,
): LeadCounterDelta => ({
  day: counterDay(at, timeZone),
  total: { touches: 1, dupOpenLead: 1, ...(crossChannel ? { dupCrossChannel: 1 } : {}) },
});

/** An event dropped as a repeat of one already handled, on the day it came again. */
export const duplicateCounts = (
  at: string,
  reason: DuplicateReason,
  timeZone: string,
): LeadCounterDelta => ({
  day: counterDay(at, timeZone),
  total: { [DUPLICATE_COUNTERS[reason]]: 1 },
});

/** The manager took the lead: an accept, in the bucket of its time to accept, theirs and all. */
export const acceptedCounts = (
  lead: Pick<Lead, 'createdAt' | 'waitedUntil'>,
  managerId: string,
  at: string,
  timeZone: string,
): LeadCounterDelta => {
  const seconds = Math.max(0, secondsToRespond(lead, at));
  const counts = { [bucketCounter('accept', bucketOf(seconds))]: 1, accepted: 1 };
  return {
    day: counterDay(lead.createdAt, timeZone),
    total: counts,
    managers: { [managerId]: counts },
  };
};

/**
 * The offer ran out and the lead went to someone else: an offer not answered, by `from`; with
 * `toManagerId`, the lead also moves from `from`'s leads of its day to the next manager's.
 */
export const reassignedCounts = (
  lead: Pick<Lead, 'createdAt' | 'kind' | 'firstChannel' | 'funnelStage'>,
  fromManagerId: string,
  timeZone: string,
  toManagerId?: string,
): LeadCounterDelta => {
  const counted: LeadCounterDelta = {
    day: counterDay(lead.createdAt, timeZone),
    total: { reassigned: 1, offersNotAnswered: 1 },
    managers: { [fromManagerId]: { offersNotAnswered: 1 } },
  };
  if (!toManagerId) return counted;
  return addDeltas(
    counted,
    funnelOwnerCounts(lead, { from: fromManagerId, to: toManagerId }, timeZone),
  );
};

/** The offer ran out with nobody else to take it: a breach, and an offer not answered. */
export const breachedCounts = (
  lead: Pick<Lead, 'createdAt'>,
  managerId: string,
  timeZone: string,
): LeadCounterDelta => ({
  day: counterDay(lead.createdAt, timeZone),
  total: { slaBreaches: 1, offersNotAnswered: 1 },
  managers: { [managerId]: { offersNotAnswered: 1 } },
});
