import type { Lead } from '../types';

/**
 * Speed to lead, kept as bounded histograms: a fixed set of buckets per day and manager, so
 * percentiles come from counters, not from reading every lead. Bucket edges include 5, 15 and
 * 60 minutes, so "share within" those bands is exact; percentiles are interpolated within a
 * bucket (at most one bucket's width off).
 */
export const SPEED_BUCKETS_SECONDS = [
  30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 14_400, 28_800, 86_400,
] as const;
/** One more bucket beyond the last edge: "over a day". */
export const SPEED_BUCKET_COUNT = SPEED_BUCKETS_SECONDS.length + 1;

export const SPEED_STAGES = ['accept', 'firstAttempt', 'firstContact'] as const;
export type SpeedStage = (typeof SPEED_STAGES)[number];

/** The counter name of a stage's bucket: accept_3, firstAttempt_0, … */
export const bucketCounter = (stage: SpeedStage, bucket: number): string => `${stage}_${bucket}`;

/** The speed clock of a lead: its creation, or for one that had to wait, its first offer. */
export const speedClockStart = (lead: Pick<Lead, 'createdAt' | 'waitedUntil'>): string =>
  lead.waitedUntil ?? lead.createdAt;

/** Seconds from the lead's speed clock start to `at` (negative: before the clock started). */
export const secondsToRespond = (lead: Pick<Lead, 'createdAt' | 'waitedUntil'>, at: string) =>
  (Date.parse(at) - Date.parse(speedClockStart(lead))) / 1000;

export const bucketOf = (seconds: number): number => {
  const index = SPEED_BUCKETS_SECONDS.findIndex((edge) => seconds < edge);
  return index === -1 ? SPEED_BUCKETS_SECONDS.length : index;
};

export type SpeedSummary = {
  readonly count: number;
  readonly p50Seconds: number | null;
  readonly p90Seconds: number | null;
  readonly within5Minutes: number | null;
  readonly within15Minutes: number | null;
  readonly within60Minutes: number | null;
};

const share = (counts: readonly number[], edgeSeconds: number, total: number): number | null => {
  if (total === 0) return null;
  const upTo = SPEED_BUCKETS_SECONDS.indexOf(edgeSeconds as (typeof SPEED_BUCKETS_SECONDS)[number]);
  const within = counts.slice(0, upTo + 1).reduce((sum, n) => sum + n, 0);
  return Math.round((within / total) * 1000) / 1000;
};

const percentile = (counts: readonly number[], total: number, p: number): number | null => {
  if (total === 0) return null;
  const rank = p * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i] ?? 0;
    if (n > 0 && seen + n >= rank) {
      const low = i === 0 ? 0 : (SPEED_BUCKETS_SECONDS[i - 1] ?? 0);
      const high = SPEED_BUCKETS_SECONDS[i] ?? low * 2;
      return Math.round(low + ((rank - seen) / n) * (high - low));
    }
    seen += n;
  }
  return SPEED_BUCKETS_SECONDS.at(-1) ?? null;
};

/** p50, p90 and the shares within 5, 15 and 60 minutes, from a stage's bucket counts. */
export const summarizeSpeed = (counts: readonly number[]): SpeedSummary => {
  const total = counts.reduce((sum, n) => sum + n, 0);
  return {
    count: total,
    p50Seconds: percentile(counts, total, 0.5),
    p90Seconds: percentile(counts, total, 0.9),
    within5Minutes: share(counts, 300, total),
    within15Minutes: share(counts, 900, total),
    within60Minutes: share(counts, 3_600, total),
  };
};
