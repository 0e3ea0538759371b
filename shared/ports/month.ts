import type { Close, CloseDelta, DealEffect } from '../domain/deals/close';
import type { LeadCounterDelta } from '../domain/leads/counters';
import type { MonthPlan } from '../domain/plans/progress';
import type { Lead, LeadOutcome } from '../domain/types';

// The head of sales' month: deals reported by a CRM, won revenue by day and by client, plans.

/** A CRM's deal as recorded (and answered again, the same, when the CRM sends it again). */
export type DealRecord = {
  readonly dealId: string;
  readonly leadId: string;
  readonly contactId: string;
  readonly outcome: LeadOutcome;
  readonly amountMinor?: number | undefined;
  readonly currency: string;
  readonly reason?: string | undefined;
  readonly closedAt: string;
  /**
   * What it did to its lead: closed it, replaced its close, was added beside a close another
   * deal won (a sale of its own), or nothing (a lost or spam deal on a closed lead).
   */
  readonly effect: DealEffect;
  readonly recordedAt: string;
};

/** A funnel move written with a fact: only while the lead still shows stage `from`. */
export type FunnelMove = { readonly from: number; readonly to: number };

/** Everything a close writes with the lead, in one transaction. */
export type CloseWrite = {
  readonly close: Close;
  /**
   * With a manager's own key: only while the lead is that manager's. (Every close holds only
   * while the lead still has the manager it was read with: its counters go to that manager.)
   */
  readonly managerId?: string | undefined;
  /**
   * A CRM's deal taking the place of the lead's close: only while the lead still shows the close
   * it was decided on. Without it, only while the lead is not closed.
   */
  readonly replaces?:
    | Pick<Lead, 'outcome' | 'closedAt' | 'amountMinor' | 'currency' | 'dealId'>
    | undefined;
  readonly funnel?: FunnelMove | undefined;
  /** The funnel's counters (the lead's creation day). */
  readonly leadCounters?: LeadCounterDelta | undefined;
  /** Won deals and revenue by day and manager, and by client and month. */
  readonly month: CloseDelta;
  /** The CRM's deal, kept once: a second one with its id fails the write ('duplicate_deal'). */
  readonly deal?: DealRecord | undefined;
};

export type CloseResult = 'closed' | 'changed' | 'duplicate_deal';

export type DealCounterRow = {
  readonly day: string;
  /** undefined: the company's row. */
  readonly managerId?: string | undefined;
  readonly values: Readonly<Record<string, number>>;
};

export type ClientRevenueRow = {
  readonly month: string;
  readonly contactId: string;
  /** Won deals and revenue per currency (revenue_RUB, in minor units). */
  readonly values: Readonly<Record<string, number>>;
};

export interface DealStore {
  get(dealId: string): Promise<DealRecord | undefined>;
  /**
   * Keeps a deal that left its lead as it was, with what it counts (an added sale's won deal
   * and revenue) in the same transaction; 'duplicate' when its id was kept before.
   */
  record(deal: DealRecord, month?: CloseDelta): Promise<'recorded' | 'duplicate'>;
  /** Won deal counter rows of these days: the company's and every manager's, or one manager's. */
  counters(days: readonly string[], managerId?: string): Promise<readonly DealCounterRow[]>;
  /** Every client's won revenue in each of these months (one read per month). */
  clientRevenue(months: readonly string[]): Promise<readonly ClientRevenueRow[]>;
}

export interface PlanStore {
  get(month: string): Promise<MonthPlan | undefined>;
  /** Replaces the month's plan. */
  put(plan: MonthPlan): Promise<void>;
}
