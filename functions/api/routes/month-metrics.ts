import { BASE_CURRENCY, fromMinor } from '../../../shared/domain/deals/money';
import { dayInZone } from '../../../shared/domain/time';
import { problem } from '../../../shared/http/problem';
import { clientsReport, funnelReport } from '../../../shared/usecases/month-figures';
import { hasRole } from '../auth';
import type { ApiDeps } from '../deps';
import { type ApiRoute, BEARER, defineRoute, route } from '../openapi/route';
import {
  ClientsQuerySchema,
  ClientsSchema,
  errorResponses,
  FunnelQuerySchema,
  FunnelSchema,
} from '../schemas';

const funnelRoute = defineRoute({
  method: 'get',
  path: '/v1/metrics/funnel',
  tags: ['month'],
  summary:
    'The funnel of the leads created from `from` to `to` in TIME_ZONE: leads → accepted → first attempt → first conversation → effective conversation → won, each lead counted up to its furthest stage (from day counters)',
  security: BEARER,
  request: { query: FunnelQuerySchema },
  responses: {
    200: { description: 'The funnel', content: { 'application/json': { schema: FunnelSchema } } },
    ...errorResponses,
  },
});

const clientsRoute = defineRoute({
  method: 'get',
  path: '/v1/metrics/clients',
  tags: ['month'],
  summary:
    'Clients A/B/C by won revenue (RUB) in the `months` whole months ending with asOf’s month, and how they moved since the window one month earlier (reads months + 1 month partitions)',
  security: BEARER,
  request: { query: ClientsQuerySchema },
  responses: {
    200: {
      description: 'The categories, the migration matrix and the clients',
      content: { 'application/json': { schema: ClientsSchema } },
    },
    ...errorResponses,
  },
});

const units = (figures: { clients: number; revenue: number }) => ({
  clients: figures.clients,
  revenue: fromMinor(figures.revenue),
});

/** GET /v1/metrics/funnel and /v1/metrics/clients (admin, head). */
export const monthMetricsRoutes = (deps: ApiDeps): ApiRoute[] => [
  route(funnelRoute, async (c, { query }) => {
    if (!hasRole(c, 'head')) return problem(c, 'forbidden');
    const report = await funnelReport(deps, query);
    return c.json(
      {
        from: query.from,
        to: query.to,
        timeZone: deps.timeZone,
        stages: report.stages.map((row) => ({ ...row })),
        ...(report.groups
          ? {
              groups: report.groups.map((group) => ({
                key: group.key,
                stages: group.stages.map((row) => ({ ...row })),
              })),
            }
          : {}),
      },
      200,
    );
  }),
  route(clientsRoute, async (c, { query }) => {
    if (!hasRole(c, 'head')) return problem(c, 'forbidden');
    const asOf = query.asOf ?? dayInZone(deps.now(), deps.timeZone);
    const report = await clientsReport(deps, {
      asOf,
      months: query.months,
      managerId: query.managerId,
      thresholds: deps.abcThresholds,
    });
    const span = (months: readonly string[]) => ({
      from: months[0] ?? '',
      to: months.at(-1) ?? '',
    });
    return c.json(
      {
        asOf,
        months: query.months,
        window: span(report.window),
        previousWindow: span(report.previousWindow),
        currency: BASE_CURRENCY,
        thresholds: { ...deps.abcThresholds },
        categories: {
          A: units(report.categories.A),
          B: units(report.categories.B),
          C: units(report.categories.C),
        },
        migration: { ...report.migration },
        clients: report.clients.map((client) => {
          const contact = report.contacts.get(client.contactId);
          return {
            contactId: client.contactId,
            ...(contact?.name ? { name: contact.name } : {}),
            category: client.category,
            previousCategory: client.previousCategory,
            revenue: fromMinor(client.revenue),
            ...(contact?.ownerId ? { managerId: contact.ownerId } : {}),
          };
        }),
      },
      200,
    );
  }),
];
