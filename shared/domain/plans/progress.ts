import { BASE_CURRENCY, revenueByCurrency } from '../deals/money';
import { percentOf } from '../leads/funnel';
import { forecast, type MonthProgress } from './forecast';

/** What a month's plan sets per manager (and for the team); revenue in minor units of RUB. */
export const PLAN_TARGETS = ['leads', 'calls', 'effectiveConversations', 'won', 'revenue'] as const;
export type PlanTarget = (typeof PLAN_TARGETS)[number];
export type Targets = Readonly<Partial<Record<PlanTarget, number>>>;

export type MonthPlan = {
  readonly month: string;
  readonly managers: Readonly<Record<string, Targets>>;
  readonly team?: Targets | undefined;
  readonly updatedAt: string;
};

/** A manager's month so far, per target; `otherRevenue`: won amounts not in RUB, apart. */
export type MonthFacts = Readonly<Record<PlanTarget, number>> & {
  readonly otherRevenue: Readonly<Record<string, number>>;
};

type Row = {
  readonly managerId?: string | undefined;
  readonly values: Readonly<Record<string, number>>;
};

const add = (into: Map<string, Record<string, number>>, id: string, values: Row['values']) => {
  const sum = into.get(id) ?? {};
  for (const [name, n] of Object.entries(values)) sum[name] = (sum[name] ?? 0) + n;
  into.set(id, sum);
};

/**
 * The month's facts of each manager from the counter rows of its days: `leads` from the lead
 * counters (the leads of those days whose manager they are now), `calls` and
 * `effectiveConversations` from the call counters (the calls they answered or made), `won` and
 * `revenue` from the deal counters (won closes by their day). Rows of nobody's are not read.
 */
export const monthFacts = (
  managerIds: readonly string[],
  rows: {
    readonly leads: readonly Row[];
    readonly calls: readonly Row[];
    readonly deals: readonly Row[];
  },
): Map<string, MonthFacts> => {
  const sums = { leads: new Map(), calls: new Map(), deals: new Map() } as Record<
    keyof typeof rows,
    Map<string, Record<string, number>>
  >;
  for (const kind of ['leads', 'calls', 'deals'] as const) {
    for (const row of rows[kind]) if (row.managerId) add(sums[kind], row.managerId, row.values);
  }
  return new Map(
    managerIds.map((id) => {
      const leads = sums.leads.get(id) ?? {};
      const calls = sums.calls.get(id) ?? {};
      const deals = sums.deals.get(id) ?? {};
      const { [BASE_CURRENCY]: revenue = 0, ...otherRevenue } = revenueByCurrency(deals);
      return [
        id,
        {
          leads: leads.f_leads ?? 0,
          calls: calls.calls ?? 0,
          effectiveConversations: calls.effective ?? 0,
          won: deals.won ?? 0,
          revenue,
          otherRevenue,
        },
      ];
    }),
  );
};

export type TargetProgress = {
  readonly plan: number | null;
  readonly fact: number;
  /** 100 × fact ÷ plan, one decimal; null without a plan (or a plan of zero). */
  readonly percent: number | null;
  readonly forecast: number | null;
};

export type ProgressByTarget = Readonly<Record<PlanTarget, TargetProgress>>;

export type PlanProgress = {
  readonly managers: Readonly<Record<string, ProgressByTarget>>;
  readonly team: ProgressByTarget;
};

const targetProgress = (
  plan: number | undefined,
  fact: number,
  expected: number | null,
): TargetProgress => ({
  plan: plan ?? null,
  fact,
  percent: plan === undefined ? null : percentOf(fact, plan),
  forecast: expected,
});

const sumOf = (values: readonly (number | undefined)[]): number | undefined =>
  values.some((v) => v !== undefined)
    ? values.reduce<number>((sum, v) => sum + (v ?? 0), 0)
    : undefined;

/**
 * Plan, fact, percent and forecast of every target, per manager and for the team. The team's
 * fact is the sum of the managers', its forecast the sum of theirs (a manager without a pace yet
 * counts with the fact; none has one: null), its plan the team targets as set, else the sum of
 * the managers' where any has one.
 */
export const planProgress = (
  managerIds: readonly string[],
  plan: MonthPlan | undefined,
  facts: ReadonlyMap<string, MonthFacts>,
  progress: ReadonlyMap<string, MonthProgress>,
): PlanProgress => {
  const managers: Record<string, ProgressByTarget> = {};
  for (const id of managerIds) {
    const fact = facts.get(id);
    const days = progress.get(id) ?? { working: 0, elapsed: 0, remaining: 0 };
    managers[id] = Object.fromEntries(
      PLAN_TARGETS.map((target) => {
        const value = fact?.[target] ?? 0;
        return [target, targetProgress(plan?.managers[id]?.[target], value, forecast(value, days))];
      }),
    ) as Record<PlanTarget, TargetProgress>;
  }
  const all = Object.values(managers);
  const team = Object.fromEntries(
    PLAN_TARGETS.map((target) => {
      const rows = all.map((m) => m[target]);
      const teamPlan =
        plan?.team?.[target] ?? sumOf(managerIds.map((id) => plan?.managers[id]?.[target]));
      const expected = rows.some((row) => row.forecast !== null)
        ? rows.reduce((sum, row) => sum + (row.forecast ?? row.fact), 0)
        : null;
      return [
        target,
        targetProgress(
          teamPlan,
          rows.reduce((sum, row) => sum + row.fact, 0),
          expected,
        ),
      ];
    }),
  ) as Record<PlanTarget, TargetProgress>;
  return { managers, team };
};
