import { callMetrics, sumValues } from '../../../shared/domain/calls/counters';
import { daysBetween } from '../../../shared/domain/time';
import { toCallView } from '../../../shared/http/api/call-view';
import { problem } from '../../../shared/http/problem';
import { InvalidCursorError } from '../../../shared/store/cursor';
import { hasRole } from '../auth';
import type { ApiDeps } from '../deps';
import { invalidCursor, toCallListQuery } from '../list-queries';
import { type ApiRoute, BEARER, defineRoute, route } from '../openapi/route';
import {
  CallListQuerySchema,
  CallMetricsQuerySchema,
  CallMetricsSchema,
  CallPageSchema,
  CsvExportSchema,
  csvExportRedirect,
  errorResponses,
} from '../schemas';

const listCalls = defineRoute({
  method: 'get',
  path: '/v1/calls',
  tags: ['calls'],
  summary: 'Call records, newest first (whole calls, not legs)',
  security: BEARER,
  request: { query: CallListQuerySchema },
  responses: {
    200: {
      description: 'A page of calls',
      content: {
        'application/json': { schema: CallPageSchema },
        'text/csv': { schema: CsvExportSchema },
      },
    },
    303: csvExportRedirect,
    ...errorResponses,
  },
});

const callMetricsRoute = defineRoute({
  method: 'get',
  path: '/v1/metrics/calls',
  tags: ['metrics'],
  summary:
    'Call metrics for inclusive dates in TIME_ZONE, from pre-aggregated daily counters (the cost grows with days × managers, never with calls)',
  security: BEARER,
  request: { query: CallMetricsQuerySchema },
  responses: {
    200: {
      description: 'The metrics',
      content: { 'application/json': { schema: CallMetricsSchema } },
    },
    ...errorResponses,
  },
});

export const callRoutes = (deps: ApiDeps): ApiRoute[] => [
  route(listCalls, async (c, { query }) => {
    if (!hasRole(c, 'head')) return problem(c, 'forbidden');
    try {
      const page = await deps.calls.list(toCallListQuery(query, deps.timeZone));
      return c.json({ items: page.items.map(toCallView), nextCursor: page.nextCursor }, 200);
    } catch (error) {
      if (error instanceof InvalidCursorError) return invalidCursor(c, error);
      throw error;
    }
  }),
  route(callMetricsRoute, async (c, { query }) => {
    if (!hasRole(c, 'head')) return problem(c, 'forbidden');
    const days = daysBetween(query.from, query.to);
    const rows = await deps.calls.counters(days, query.managerId);
    // Totals: the company rows, or the one manager's rows when asked for one manager.
    const own = rows.filter((row) =>
      query.managerId === undefined
        ? row.managerId === undefined
        : row.managerId === query.managerId,
    );
    const totals = callMetrics(sumValues(own.map((row) => row.values)));

    let groups: ({ key: string } & ReturnType<typeof callMetrics>)[] | undefined;
    if (query.groupBy === 'day') {
      groups = days.map((day) => ({
        key: day,
        ...callMetrics(sumValues(own.filter((row) => row.day === day).map((row) => row.values))),
      }));
    } else if (query.groupBy === 'manager') {
      const perManager = new Map<string, typeof rows>();
      for (const row of rows) {
        // A row all zeros is a call that moved to another manager: nothing to show.
        if (row.managerId === undefined || Object.keys(row.values).length === 0) continue;
        perManager.set(row.managerId, [...(perManager.get(row.managerId) ?? []), row]);
      }
      groups = [...perManager.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, managerRows]) => ({
          key,
          ...callMetrics(sumValues(managerRows.map((row) => row.values))),
        }));
    }
    return c.json(
      {
        from: query.from,
        to: query.to,
        timeZone: deps.timeZone,
        thresholds: { ...deps.thresholds },
        totals,
        ...(groups ? { groups } : {}),
      },
      200,
    );
  }),
];
