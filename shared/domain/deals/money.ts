/**
 * Money as switchboard keeps it: whole minor units (kopecks, cents) in a currency, so that sums
 * of many deals are exact. The API speaks currency units with up to two decimals.
 */
export const BASE_CURRENCY = 'RUB';

export const CURRENCY = /^[A-Z]{3}$/;

/** The largest amount one deal may have, in currency units (well inside exact integers). */
export const MAX_AMOUNT = 1_000_000_000_000;

/** 1234.56 → 123456 (amounts with more than two decimals are refused before this). */
export const toMinor = (amount: number): number => Math.round(amount * 100);

/** 123456 → 1234.56 */
export const fromMinor = (minor: number): number => Math.round(minor) / 100;

/** True when the amount has at most two decimals (0.1 + 0.2 style float noise aside). */
export const hasAtMostTwoDecimals = (amount: number): boolean =>
  Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6;

/** The counter of won revenue in a currency, in minor units: revenue_RUB. */
export const revenueCounter = (currency: string): string => `revenue_${currency}`;

/** The currencies of revenue counters found among counter values, each with its sum. */
export const revenueByCurrency = (
  values: Readonly<Record<string, number>>,
): Record<string, number> => {
  const found: Record<string, number> = {};
  for (const [name, value] of Object.entries(values)) {
    const match = /^revenue_([A-Z]{3})$/.exec(name);
    if (match?.[1] && value !== 0) found[match[1]] = value;
  }
  return found;
};
