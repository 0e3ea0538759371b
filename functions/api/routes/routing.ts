import { defaultPolicy } from '../../../shared/domain/routing';
import { TEAMS } from '../../../shared/domain/types';
import { problem } from '../../../shared/http/problem';
import { hasRole } from '../auth';
import type { ApiDeps } from '../deps';
import { type ApiRoute, BEARER, defineRoute, route } from '../openapi/route';
import {
  errorResponses,
  itemsOf,
  RoutingPolicyInputSchema,
  RoutingPolicySchema,
  TeamParam,
} from '../schemas';

const putPolicy = defineRoute({
  method: 'put',
  path: '/v1/routing/{team}',
  tags: ['routing'],
  summary: 'How a team hands out new leads',
  security: BEARER,
  request: {
    params: TeamParam,
    body: RoutingPolicyInputSchema,
  },
  responses: {
    200: {
      description: 'The policy',
      content: { 'application/json': { schema: RoutingPolicySchema } },
    },
    ...errorResponses,
  },
});

const listPolicies = defineRoute({
  method: 'get',
  path: '/v1/routing',
  tags: ['routing'],
  summary: 'Every team’s routing policy (round-robin unless set)',
  security: BEARER,
  responses: {
    200: {
      description: 'The policies',
      content: {
        'application/json': { schema: itemsOf(RoutingPolicySchema) },
      },
    },
    ...errorResponses,
  },
});

export const routingRoutes = (deps: ApiDeps): ApiRoute[] => [
  route(putPolicy, async (c, { params, body }) => {
    if (!hasRole(c, 'head')) return problem(c, 'forbidden');
    const { team } = params;
    const { strategy } = body;
    await deps.routing.putPolicy({ team, strategy });
    return c.json({ team, strategy }, 200);
  }),
  route(listPolicies, async (c) => {
    if (!hasRole(c, 'head')) return problem(c, 'forbidden');
    const policies = await deps.routing.policies();
    return c.json({ items: TEAMS.map((team) => policies.get(team) ?? defaultPolicy(team)) }, 200);
  }),
];
