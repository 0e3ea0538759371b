import { dayInZone } from '../time';
import { LEAD_CHANNELS, type Lead } from '../types';
import type { LeadCounterDelta, LeadCounts } from './counters';

/**
 * The funnel a head of sales reads: how far the leads created in a period got. A cohort by the
 * lead's creation day, every stage counted once per lead, in the lead counter rows of that day
 * (the company's and the manager's), and per channel (the lead's first one).
 *
 * Stages are nested: a lead that reaches a stage has passed every stage before it, whichever
 * way it got there (a client who called back and talked has had "a first attempt"; a lead won
 * without being accepted in switchboard was "accepted"). Each lead therefore sits in the funnel
 * up to its furthest stage, and no conversion exceeds 100 %.
 */
export const FUNNEL_STAGES = [
  'leads',
  'accepted',
  'firstAttempt',
  'firstConversation',
  'effectiveConversation',
  'won',
] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** The channels the funnel is split by (a lead's first channel; `phone` for completeness). */
export const FUNNEL_CHANNELS = [...LEAD_CHANNELS, 'phone'] as const;

export const stageIndex = (stage: FunnelStage): number => FUNNEL_STAGES.indexOf(stage);

/** The counter of a stage, overall or of one channel: f_accepted, f_accepted_telegram. */
export const funnelCounter = (stage: FunnelStage, channel?: string): string =>
  channel === undefined ? `f_${stage}` : `f_${stage}_${channel}`;

/** One for each stage after `from` up to `to`, and for each the channel's own. */
const passing = (from: number, to: number, channel: string): LeadCounts => {
  const counts: Record<string, number> = {};
  for (const stage of FUNNEL_STAGES.slice(from + 1, to + 1)) {
    counts[funnelCounter(stage)] = 1;
    counts[funnelCounter(stage, channel)] = 1;
  }
  return counts;
};

type FunnelLead = Pick<Lead, 'kind' | 'createdAt' | 'firstChannel' | 'funnelStage'>;

/** A lead the funnel counts: an inquiry that entered it when it was opened. */
const inFunnel = (lead: Pick<Lead, 'kind' | 'funnelStage'>): boolean =>
  lead.kind === 'inquiry' && lead.funnelStage !== undefined;

/** What a new inquiry brings to the funnel: its first stage, on its creation day, in total. */
export const funnelEntryCounts = (lead: Pick<Lead, 'firstChannel'>): LeadCounts =>
  passing(-1, 0, lead.firstChannel);

/**
 * A move of the lead's stage: written only while the lead still shows `from` (another call or
 * a close may have moved it meanwhile: then it is read and decided again).
 */
export type FunnelStep = {
  readonly from: number;
  readonly to: number;
  readonly counters: LeadCounterDelta;
};

/**
 * The lead reached `stage`: it moves there and counts every stage it passes on the way, for
 * the company and for its manager now (`managerId`: the lead's manager when the stage is
 * reached). Undefined when the funnel does not count the lead or it is that far already.
 */
export const funnelStep = (
  lead: FunnelLead & Pick<Lead, 'managerId'>,
  stage: FunnelStage,
  timeZone: string,
): FunnelStep | undefined => {
  if (!inFunnel(lead)) return undefined;
  const from = lead.funnelStage ?? 0;
  const to = stageIndex(stage);
  if (to <= from) return undefined;
  const counts = passing(from, to, lead.firstChannel);
  return {
    from,
    to,
    counters: {
      day: dayInZone(new Date(lead.createdAt), timeZone),
      total: counts,
      ...(lead.managerId ? { managers: { [lead.managerId]: counts } } : {}),
    },
  };
};

/**
 * A manager's own `leads` stage: the leads created that day whose manager they are now. The
 * first assignment adds the lead to its manager's row; a reassignment (before it was accepted)
 * moves it to the next manager. Stages reached before a reassignment (a call made before the
 * offer ran out) stay with the manager who reached them.
 */
export const funnelOwnerCounts = (
  lead: FunnelLead,
  change: { readonly from?: string | undefined; readonly to: string },
  timeZone: string,
): LeadCounterDelta | undefined => {
  if (!inFunnel(lead)) return undefined;
  const entered = funnelEntryCounts(lead);
  const left = Object.fromEntries(Object.entries(entered).map(([name, n]) => [name, -n]));
  return {
    day: dayInZone(new Date(lead.createdAt), timeZone),
    total: {},
    managers: { [change.to]: entered, ...(change.from ? { [change.from]: left } : {}) },
  };
};

export type FunnelRow = {
  readonly stage: FunnelStage;
  readonly count: number;
  /** Percent of the previous stage, one decimal; null for the first stage or none before. */
  readonly conversionFromPrevious: number | null;
};

/** Percent with one decimal; null when there is nothing to divide by. */
export const percentOf = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((1000 * part) / whole) / 10 : null;

/** The stages with their counts and conversions, from summed counters (of one channel). */
export const funnelRows = (
  values: Readonly<Record<string, number>>,
  channel?: string,
): FunnelRow[] =>
  FUNNEL_STAGES.map((stage, i) => {
    const count = values[funnelCounter(stage, channel)] ?? 0;
    const previousStage = FUNNEL_STAGES[i - 1];
    return {
      stage,
      count,
      conversionFromPrevious:
        previousStage === undefined
          ? null
          : percentOf(count, values[funnelCounter(previousStage, channel)] ?? 0),
    };
  });
