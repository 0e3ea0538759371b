import { leadMetrics, sumCounters } from '../../../shared/domain/leads/metrics';
import { daysBetween } from '../../../shared/domain/time';
import { problem } from '../../../shared/http/problem';
import { hasRole } from '../auth';
import type { ApiDeps } from '../deps';
import { type ApiRoute, BEARER, defineRoute, route } from '../openapi/route';
import { errorResponses, LeadMetricsQuerySchema, LeadMetricsSchema } from '../schemas';

const leadMetricsRoute = defineRoute({
  method: 'get',
  path: '/v1/metrics/leads',
  tags: ['metrics'],
  summary:
    'Lead metrics by the leads’ creation day in TIME_ZONE: leads, channels, duplicates merged, accepts, reassignments, speed to lead (p50/p90 and shares within 5/15/60 min) — from counters and bounded histograms',
  security: BEARER,
  request: { query: LeadMetricsQuerySchema },
  responses: {
    200: {
      description: 'The metrics',
      content: { 'application/json': { schema: LeadMetricsSchema } },
    },
    ...errorResponses,
  },
});

export const leadMetricsRoutes = (deps: ApiDeps): ApiRoute[] => [
  route(leadMetricsRoute, async (c, { query }) => {
    if (!hasRole(c, 'head')) return problem(c, 'forbidden');
    const days = daysBetween(query.from, query.to);
    const rows = await deps.leads.counters(days, query.managerId);
    const own = rows.filter((row) =>
      query.managerId === undefined
        ? row.managerId === undefined
        : row.managerId === query.managerId,
    );
    const scope = query.managerId === undefined ? 'company' : 'manager';
    const totals = leadMetrics(sumCounters(own.map((row) => row.values)), scope);
    let groups: ({ key: string } & typeof totals)[] | undefined;
    if (query.groupBy === 'day') {
      groups = days.map((day) => ({
        key: day,
        ...leadMetrics(
          sumCounters(own.filter((row) => row.day === day).map((row) => row.values)),
          scope,
        ),
      }));
    } else if (query.groupBy === 'manager') {
      const ids = [
        ...new Set(rows.flatMap((row) => (row.managerId ? [row.managerId] : []))),
      ].sort();
      groups = ids.map((id) => ({
        key: id,
        ...leadMetrics(
          sumCounters(rows.filter((row) => row.managerId === id).map((row) => row.values)),
          'manager',
        ),
      }));
    }
    return c.json(
      {
        from: query.from,
        to: query.to,
        timeZone: deps.timeZone,
        acceptTimeoutSeconds: deps.acceptTimeoutSeconds,
        totals,
        ...(groups ? { groups } : {}),
      },
      200,
    );
  }),
];
