import { dayInZone } from '../time';
import type { Lead, LeadOutcome } from '../types';
import { BASE_CURRENCY, revenueCounter } from './money';

/** How a lead is closed: by its manager (POST /v1/leads/{id}/close) or by a CRM's deal. */
export type Close = {
  readonly outcome: LeadOutcome;
  /** When: now for a manager's close, the CRM's `closedAt` for a deal. */
  readonly closedAt: string;
  readonly amountMinor?: number | undefined;
  readonly currency?: string | undefined;
  readonly reason?: string | undefined;
};

/**
 * What a won close adds to the month's figures: one won deal and its amount, to the lead's
 * manager on the close's day, and to the client (the lead's contact) in the close's month.
 */
export type CloseContribution = {
  readonly day: string;
  readonly month: string;
  /** The lead's manager; none for a lead closed before anyone had it. */
  readonly managerId?: string | undefined;
  readonly contactId: string;
  readonly values: Readonly<Record<string, number>>;
};

/** Additions to one day's deal counters: the company's row and the manager's. */
export type DealCounterDelta = {
  readonly day: string;
  readonly managerId?: string | undefined;
  readonly values: Readonly<Record<string, number>>;
};

/** Additions to one client's won revenue in one month. */
export type ClientRevenueDelta = {
  readonly month: string;
  readonly contactId: string;
  readonly values: Readonly<Record<string, number>>;
};

export type CloseDelta = {
  readonly deals: readonly DealCounterDelta[];
  readonly clients: readonly ClientRevenueDelta[];
};

/** A closed lead's contribution to the month's figures: only a won one has any. */
export const closeContribution = (
  lead: Pick<Lead, 'outcome' | 'closedAt' | 'amountMinor' | 'currency' | 'managerId' | 'contactId'>,
  timeZone: string,
): CloseContribution | undefined => {
  if (lead.outcome !== 'won' || !lead.closedAt) return undefined;
  const day = dayInZone(new Date(lead.closedAt), timeZone);
  const amount = lead.amountMinor ?? 0;
  return {
    day,
    month: day.slice(0, 7),
    managerId: lead.managerId,
    contactId: lead.contactId,
    values: {
      won: 1,
      ...(amount !== 0 ? { [revenueCounter(lead.currency ?? BASE_CURRENCY)]: amount } : {}),
    },
  };
};

const negated = (values: Readonly<Record<string, number>>) =>
  Object.fromEntries(Object.entries(values).map(([name, n]) => [name, -n]));

const merged = <T extends { readonly values: Readonly<Record<string, number>> }>(
  entries: readonly T[],
  keyOf: (entry: T) => string,
): T[] => {
  const byKey = new Map<string, T>();
  for (const entry of entries) {
    const key = keyOf(entry);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, entry);
      continue;
    }
    const values: Record<string, number> = { ...seen.values };
    for (const [name, n] of Object.entries(entry.values)) values[name] = (values[name] ?? 0) + n;
    byKey.set(key, { ...seen, values });
  }
  return [...byKey.values()]
    .map((entry) => ({
      ...entry,
      values: Object.fromEntries(Object.entries(entry.values).filter(([, n]) => n !== 0)),
    }))
    .filter((entry) => Object.keys(entry.values).length > 0);
};

/**
 * The additions that turn the figures of the close `before` into those of `after` (a first
 * close has none before; a CRM's deal may replace a close): nothing when they are alike, a move
 * between days, months, managers or currencies otherwise — exactly what a recount would give.
 */
export const closeDelta = (
  before: CloseContribution | undefined,
  after: CloseContribution | undefined,
): CloseDelta => {
  const parts = [
    ...(before ? [{ ...before, values: negated(before.values) }] : []),
    ...(after ? [after] : []),
  ];
  return {
    deals: merged(
      parts.map(({ day, managerId, values }) => ({ day, managerId, values })),
      (d) => `${d.day}|${d.managerId ?? ''}`,
    ),
    clients: merged(
      parts.map(({ month, contactId, values }) => ({ month, contactId, values })),
      (c) => `${c.month}|${c.contactId}`,
    ),
  };
};

/**
 * What a CRM's deal does to its lead: an open lead is closed by it; a closed one takes a `won`
 * deal as its close (a lead closed lost that the CRM won after all; the amount, currency and
 * date of a win the manager already recorded); a `won` deal on a lead another CRM deal already
 * won is a sale of its own (a repeat purchase under a new deal id): it is **added** — one more
 * won deal and its amount — and the lead keeps its close; a `lost` or `spam` deal leaves a
 * closed lead as it is (switchboard never takes back a win it counted, nor reopens a lead to
 * lose it again).
 */
export type DealEffect = 'closed' | 'replaced' | 'added' | 'unchanged';

export const dealEffect = (
  lead: Pick<Lead, 'status' | 'outcome' | 'dealId'>,
  outcome: LeadOutcome,
): DealEffect => {
  if (lead.status !== 'closed') return 'closed';
  if (outcome !== 'won') return 'unchanged';
  return lead.outcome === 'won' && lead.dealId ? 'added' : 'replaced';
};

/**
 * What a deal added beside its lead's close counts: one won deal and its amount, on the deal's
 * day, for the lead's manager and its client — as a close would, without touching the lead.
 */
export const addedDealContribution = (
  lead: Pick<Lead, 'managerId' | 'contactId'>,
  close: Pick<Close, 'closedAt' | 'amountMinor' | 'currency'>,
  timeZone: string,
): CloseContribution | undefined =>
  closeContribution(
    {
      outcome: 'won',
      closedAt: close.closedAt,
      amountMinor: close.amountMinor,
      currency: close.currency,
      managerId: lead.managerId,
      contactId: lead.contactId,
    },
    timeZone,
  );
