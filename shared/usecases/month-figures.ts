import { type AbcReport, type AbcThresholds, abcReport, windowMonths } from '../domain/clients/abc';
import { BASE_CURRENCY, revenueCounter } from '../domain/deals/money';
import {
  FUNNEL_CHANNELS,
  FUNNEL_STAGES,
  type FunnelRow,
  funnelCounter,
  funnelRows,
} from '../domain/leads/funnel';
import { sumCounters } from '../domain/leads/metrics';
import {
  addMonths,
  daysOfMonth,
  type MonthProgress,
  monthProgress,
} from '../domain/plans/forecast';
import {
  type MonthFacts,
  type MonthPlan,
  monthFacts,
  type PlanProgress,
  planProgress,
} from '../domain/plans/progress';
import { daysBetween } from '../domain/time';
import type { Contact } from '../domain/types';
import type {
  CallStore,
  Clock,
  ContactStore,
  DealStore,
  LeadQueries,
  ManagerStore,
  PlanStore,
} from '../ports';

// The head of sales' month as read: plan progress, the funnel, clients A/B/C. Each is read from
// counters or per-month items, never by scanning leads, calls or deals.

type Deps = {
  readonly leads: Pick<LeadQueries, 'counters'>;
  readonly calls: Pick<CallStore, 'counters'>;
  readonly deals: Pick<DealStore, 'counters' | 'clientRevenue'>;
  readonly plans: Pick<PlanStore, 'get'>;
  readonly managers: Pick<ManagerStore, 'list'>;
  readonly contacts: Pick<ContactStore, 'getMany'>;
  readonly now: Clock;
  readonly timeZone: string;
};

export type MonthReport = {
  readonly month: string;
  /** The instant the facts and the pace were read at. */
  readonly asOf: Date;
  readonly plan: MonthPlan | undefined;
  /** Every manager (and every one the plan names), sorted. */
  readonly managerIds: readonly string[];
  readonly facts: ReadonlyMap<string, MonthFacts>;
  readonly days: ReadonlyMap<string, MonthProgress>;
  readonly progress: PlanProgress;
};

/**
 * A month's plan against its facts so far: the lead, call and deal counter rows of the month's
 * days (one query per day and kind: about 90 small queries for a month), the plan, the managers'
 * working hours for their working days.
 */
export const monthReport = async (deps: Deps, month: string): Promise<MonthReport> => {
  const days = daysOfMonth(month);
  const [plan, managers, leads, calls, deals] = await Promise.all([
    deps.plans.get(month),
    deps.managers.list(),
    deps.leads.counters(days),
    deps.calls.counters(days),
    deps.deals.counters(days),
  ]);
  const managerIds = [
    ...new Set([...managers.map((m) => m.id), ...Object.keys(plan?.managers ?? {})]),
  ].sort();
  const facts = monthFacts(managerIds, { leads, calls, deals });
  const now = deps.now();
  const hours = new Map(managers.map((m) => [m.id, m.workingHours]));
  const progressDays = new Map(
    managerIds.map((id) => [id, monthProgress(month, now, deps.timeZone, hours.get(id))]),
  );
  return {
    month,
    asOf: now,
    plan,
    managerIds,
    facts,
    days: progressDays,
    progress: planProgress(managerIds, plan, facts, progressDays),
  };
};

export type FunnelReport = {
  readonly stages: readonly FunnelRow[];
  readonly groups?: readonly { readonly key: string; readonly stages: readonly FunnelRow[] }[];
};

const hasFunnel = (values: Readonly<Record<string, number>>) =>
  FUNNEL_STAGES.some((stage) => (values[funnelCounter(stage)] ?? 0) !== 0);

/**
 * The funnel of the leads created from `from` to `to` (inclusive dates in TIME_ZONE): the lead
 * counter rows of those days (one query per day; one batch read for one manager).
 */
export const funnelReport = async (
  deps: Pick<Deps, 'leads'>,
  query: {
    readonly from: string;
    readonly to: string;
    readonly managerId?: string | undefined;
    readonly groupBy?: 'channel' | 'manager' | undefined;
  },
): Promise<FunnelReport> => {
  const rows = await deps.leads.counters(daysBetween(query.from, query.to), query.managerId);
  const own = rows.filter((row) =>
    query.managerId === undefined ? row.managerId === undefined : row.managerId === query.managerId,
  );
  const totals = sumCounters(own.map((row) => row.values));
  const stages = funnelRows(totals);
  if (query.groupBy === 'channel') {
    return {
      stages,
      groups: FUNNEL_CHANNELS.map((channel) => ({
        key: channel,
        stages: funnelRows(totals, channel),
      })),
    };
  }
  if (query.groupBy === 'manager') {
    const perManager = new Map<string, Record<string, number>[]>();
    for (const row of rows) {
      if (row.managerId === undefined) continue;
      perManager.set(row.managerId, [...(perManager.get(row.managerId) ?? []), row.values]);
    }
    return {
      stages,
      groups: [...perManager.entries()]
        .map(([key, values]) => ({ key, values: sumCounters(values) }))
        .filter(({ values }) => hasFunnel(values))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map(({ key, values }) => ({ key, stages: funnelRows(values) })),
    };
  }
  return { stages };
};

export type ClientsReport = AbcReport & {
  /** The window's months, oldest first, and the window one month earlier. */
  readonly window: readonly string[];
  readonly previousWindow: readonly string[];
  readonly contacts: ReadonlyMap<string, Contact>;
};

/**
 * Clients A/B/C as of a date: the won revenue (RUB) of each client in the `months` whole
 * months ending with `asOf`'s month, and in the window one month earlier — `months` + 1 month
 * partitions read, one query each, then the clients' contacts (their owners, 100 per read).
 */
export const clientsReport = async (
  deps: Pick<Deps, 'deals' | 'contacts'>,
  query: {
    readonly asOf: string;
    readonly months: number;
    readonly managerId?: string | undefined;
    readonly thresholds: AbcThresholds;
  },
): Promise<ClientsReport> => {
  const last = query.asOf.slice(0, 7);
  const window = windowMonths(last, query.months);
  const previousWindow = windowMonths(addMonths(last, -1), query.months);
  const rows = await deps.deals.clientRevenue([previousWindow[0] ?? last, ...window]);
  const revenue = (months: readonly string[]) => {
    const sums = new Map<string, number>();
    for (const row of rows) {
      if (!months.includes(row.month)) continue;
      const value = row.values[revenueCounter(BASE_CURRENCY)] ?? 0;
      sums.set(row.contactId, (sums.get(row.contactId) ?? 0) + value);
    }
    return sums;
  };
  const current = revenue(window);
  const previous = revenue(previousWindow);
  const contacts = await deps.contacts.getMany([
    ...new Set([...current.keys(), ...previous.keys()]),
  ]);
  const keep = (contactId: string) =>
    query.managerId === undefined || contacts.get(contactId)?.ownerId === query.managerId;
  return {
    ...abcReport(current, previous, query.thresholds, keep),
    window,
    previousWindow,
    contacts,
  };
};
