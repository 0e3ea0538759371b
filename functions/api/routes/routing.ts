import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { defaultPolicy } from '../../../shared/domain/routing';
import { TEAMS } from '../../../shared/domain/types';
import { problem } from '../../../shared/http/problem';
import { type ApiEnv, hasRole } from '../auth';
import type { ApiDeps } from '../deps';
import {
  errorResponses,
  RoutingPolicyInputSchema,
  RoutingPolicySchema,
  TeamParam,
} from '../schemas';

const putPolicy = createRoute({
  method: 'put',
  path: '/v1/routing/{team}',
  tags: ['routing'],
  summary: 'How a team hands out new leads',
  security: [{ bearer: [] }],
  request: {
    params: TeamParam,
    body: { content: { 'application/json': { schema: RoutingPolicyInputSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The policy',
      content: { 'application/json': { schema: RoutingPolicySchema } },
    },
    ...errorResponses,
  },
});

const listPolicies = createRoute({
  method: 'get',
  path: '/v1/routing',
  tags: ['routing'],
  summary: 'Every team’s routing policy (round-robin unless set)',
  security: [{ bearer: [] }],
  responses: {
    200: {
      description: 'The policies',
      content: {
        'application/json': { schema: z.object({ items: z.array(RoutingPolicySchema) }) },
      },
    },
    ...errorResponses,
  },
});

export const routingRoutes = (deps: ApiDeps) =>
  new OpenAPIHono<ApiEnv>()
    .openapi(putPolicy, async (c) => {
      if (!hasRole(c, 'head')) return problem(c, 'forbidden');
      const { team } = c.req.valid('param');
      const { strategy } = c.req.valid('json');
      await deps.routing.putPolicy({ team, strategy });
      return c.json({ team, strategy }, 200);
    })
    .openapi(listPolicies, async (c) => {
      if (!hasRole(c, 'head')) return problem(c, 'forbidden');
      const policies = await deps.routing.policies();
      return c.json({ items: TEAMS.map((team) => policies.get(team) ?? defaultPolicy(team)) }, 200);
    });
