import type * as z from 'zod/mini';
import { BASE_CURRENCY, fromMinor, toMinor } from '../../../shared/domain/deals/money';
import {
  PLAN_TARGETS,
  type ProgressByTarget,
  type TargetProgress,
  type Targets,
} from '../../../shared/domain/plans/progress';
import { problem } from '../../../shared/http/problem';
import { onceRead } from '../../../shared/once';
import { type MonthReport, monthReport } from '../../../shared/usecases/month-figures';
import { hasRole } from '../auth';
import type { ApiDeps } from '../deps';
import { type ApiRoute, BEARER, defineRoute, route } from '../openapi/route';
import {
  errorResponses,
  MonthParam,
  PlanInputSchema,
  PlanProgressSchema,
  type TargetsSchema,
} from '../schemas';

const progressResponse = {
  200: {
    description: 'Per manager and for the team: plan, fact, percent and forecast of each target',
    content: { 'application/json': { schema: PlanProgressSchema } },
  },
  ...errorResponses,
};

const getPlan = defineRoute({
  method: 'get',
  path: '/v1/plans/{month}',
  tags: ['month'],
  summary:
    'A month’s plan against its facts so far (from day counters) and the month-end forecast at the pace so far (working days in TIME_ZONE, the managers’ working hours)',
  security: BEARER,
  request: { params: MonthParam },
  responses: progressResponse,
});

const putPlan = defineRoute({
  method: 'put',
  path: '/v1/plans/{month}',
  tags: ['month'],
  summary: 'Sets (replaces) a month’s plan: targets per manager and for the team',
  security: BEARER,
  request: {
    params: MonthParam,
    body: PlanInputSchema,
  },
  responses: progressResponse,
});

/** Targets as kept: revenue in minor units. */
const toTargets = (input: z.infer<typeof TargetsSchema>): Targets => ({
  ...input,
  ...(input.revenue !== undefined ? { revenue: toMinor(input.revenue) } : {}),
});

/** Revenue figures (minor units inside) in currency units. */
const inUnits = (progress: ProgressByTarget) =>
  Object.fromEntries(
    PLAN_TARGETS.map((target) => {
      const p: TargetProgress = progress[target];
      if (target !== 'revenue') return [target, { ...p }];
      const units = (n: number | null) => (n === null ? null : fromMinor(n));
      return [
        target,
        {
          plan: units(p.plan),
          fact: fromMinor(p.fact),
          percent: p.percent,
          forecast: units(p.forecast),
        },
      ];
    }),
  ) as Record<(typeof PLAN_TARGETS)[number], TargetProgress>;

const toProgressView = (
  report: MonthReport,
  timeZone: string,
): z.infer<typeof PlanProgressSchema> => ({
  month: report.month,
  timeZone,
  currency: BASE_CURRENCY,
  asOf: report.asOf.toISOString(),
  managers: Object.fromEntries(
    report.managerIds.map((id) => [id, inUnits(report.progress.managers[id] as ProgressByTarget)]),
  ),
  team: inUnits(report.progress.team),
  workingDays: Object.fromEntries(
    report.managerIds.map((id) => [id, { ...report.days.get(id) }]),
  ) as Record<string, { working: number; elapsed: number; remaining: number }>,
  otherCurrencies: Object.fromEntries(
    report.managerIds.flatMap((id) => {
      const other = report.facts.get(id)?.otherRevenue ?? {};
      return Object.keys(other).length > 0
        ? [[id, Object.fromEntries(Object.entries(other).map(([cur, n]) => [cur, fromMinor(n)]))]]
        : [];
    }),
  ),
  updatedAt: report.plan?.updatedAt ?? null,
});

/** PUT and GET /v1/plans/{YYYY-MM}: a head of sales' monthly plan and its progress (admin, head). */
export const planRoutes = (deps: ApiDeps): ApiRoute[] => [
  route(getPlan, async (c, { params }) => {
    if (!hasRole(c, 'head')) return problem(c, 'forbidden');
    const { month } = params;
    const report = await monthReport(deps, month);
    return c.json(toProgressView(report, deps.timeZone), 200);
  }),
  route(putPlan, async (c, { params, body: input }) => {
    if (!hasRole(c, 'head')) return problem(c, 'forbidden');
    const { month } = params;
    // The managers are read once: for the check below and for the month's report after.
    const managers = onceRead(() => deps.managers.list());
    const d = { ...deps, managers: { ...deps.managers, list: managers } };
    // A plan names managers switchboard has (active or not): a typo would otherwise become a
    // manager of its own in every answer of the month, with a plan nobody can meet.
    const known = new Set((await managers()).map((m) => m.id));
    const unknown = Object.keys(input.managers).filter((id) => !known.has(id));
    if (unknown.length > 0) {
      return problem(
        c,
        'invalid_payload',
        `No manager with the id ${unknown.map((id) => `"${id}"`).join(', ')}.`,
        unknown.map((id) => ({ path: `managers.${id}`, message: 'no manager with this id' })),
      );
    }
    await deps.plans.put({
      month,
      managers: Object.fromEntries(
        Object.entries(input.managers).map(([id, targets]) => [id, toTargets(targets)]),
      ),
      ...(input.team ? { team: toTargets(input.team) } : {}),
      updatedAt: deps.now().toISOString(),
    });
    const report = await monthReport(d, month);
    return c.json(toProgressView(report, deps.timeZone), 200);
  }),
];
