import { type ApiRoute, BEARER, defineRoute, route } from '../openapi/route';
import { errorResponses, MeSchema } from '../schemas';

const me = defineRoute({
  method: 'get',
  path: '/v1/me',
  tags: ['keys'],
  summary: 'Who this key is: its id, its role and, for a manager key, its manager (any valid key)',
  security: BEARER,
  responses: {
    200: { description: 'The key', content: { 'application/json': { schema: MeSchema } } },
    ...errorResponses,
  },
});

/** GET /v1/me: what the dashboard asks first, to show a manager their leads and a head the figures. */
export const meRoutes = (): ApiRoute[] => [
  route(me, (c) => {
    const { keyId, role, managerId } = c.get('principal');
    return c.json({ keyId, role, ...(managerId ? { managerId } : {}) }, 200);
  }),
];
