import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { newSecret, sha256Hex } from '../../../shared/crypto';
import { problem } from '../../../shared/http/problem';
import { type ApiEnv, hasRole } from '../auth';
import type { ApiDeps } from '../deps';
import { CreatedKeySchema, errorResponses, IdParam, KeyInputSchema, KeySchema } from '../schemas';

const createKey = createRoute({
  method: 'post',
  path: '/v1/keys',
  tags: ['keys'],
  summary: 'Create an API key (admin); the secret is returned once and stored only as a hash',
  security: [{ bearer: [] }],
  request: {
    body: { content: { 'application/json': { schema: KeyInputSchema } }, required: true },
  },
  responses: {
    201: {
      description: 'The new key',
      content: { 'application/json': { schema: CreatedKeySchema } },
    },
    ...errorResponses,
  },
});

const listKeys = createRoute({
  method: 'get',
  path: '/v1/keys',
  tags: ['keys'],
  summary: 'List API keys, without their secrets (admin)',
  security: [{ bearer: [] }],
  responses: {
    200: {
      description: 'All keys',
      content: { 'application/json': { schema: z.object({ items: z.array(KeySchema) }) } },
    },
    ...errorResponses,
  },
});

const revokeKey = createRoute({
  method: 'delete',
  path: '/v1/keys/{keyId}',
  tags: ['keys'],
  summary: 'Revoke an API key (admin); it is refused from the next request on',
  security: [{ bearer: [] }],
  request: { params: IdParam('keyId', 'The keyId returned when the key was created') },
  responses: { 204: { description: 'Revoked' }, ...errorResponses },
});

export const keyRoutes = (deps: ApiDeps) =>
  new OpenAPIHono<ApiEnv>()
    .openapi(createKey, async (c) => {
      if (!hasRole(c, 'admin')) return problem(c, 'forbidden');
      const input = c.req.valid('json');
      if (input.managerId && !(await deps.managers.get(input.managerId))) {
        return problem(c, 'invalid_payload', undefined, [
          { path: 'managerId', message: 'no manager with this id' },
        ]);
      }
      const key = newSecret();
      const record = {
        keyId: deps.newId(),
        name: input.name,
        role: input.role,
        ...(input.managerId ? { managerId: input.managerId } : {}),
        createdAt: deps.now().toISOString(),
      };
      await deps.apiKeys.create({ ...record, hash: sha256Hex(key) });
      return c.json({ ...record, key }, 201);
    })
    .openapi(listKeys, async (c) => {
      if (!hasRole(c, 'admin')) return problem(c, 'forbidden');
      const keys = await deps.apiKeys.list();
      return c.json({ items: keys.map((k) => ({ ...k })) }, 200);
    })
    .openapi(revokeKey, async (c) => {
      if (!hasRole(c, 'admin')) return problem(c, 'forbidden');
      const { keyId } = c.req.valid('param');
      const result = await deps.apiKeys.revoke(keyId, deps.now().toISOString());
      if (result === 'not_found') return problem(c, 'not_found', 'No key with this id.');
      return c.body(null, 204);
    });
