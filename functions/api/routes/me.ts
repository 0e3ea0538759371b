import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv } from '../auth';
import { errorResponses, MeSchema } from '../schemas';

const me = createRoute({
  method: 'get',
  path: '/v1/me',
  tags: ['keys'],
  summary: 'Who this key is: its id, its role and, for a manager key, its manager (any valid key)',
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'The key', content: { 'application/json': { schema: MeSchema } } },
    ...errorResponses,
  },
});

/** GET /v1/me: what the dashboard asks first, to show a manager their leads and a head the figures. */
export const meRoutes = () =>
  new OpenAPIHono<ApiEnv>().openapi(me, (c) => {
    const { keyId, role, managerId } = c.get('principal');
    return c.json({ keyId, role, ...(managerId ? { managerId } : {}) }, 200);
  });
