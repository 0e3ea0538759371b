import { newSecret, sha256Hex } from '../../../shared/crypto';
import { problem } from '../../../shared/http/problem';
import { hasRole } from '../auth';
import type { ApiDeps } from '../deps';
import { type ApiRoute, BEARER, defineRoute, route } from '../openapi/route';
import {
  CreatedKeySchema,
  errorResponses,
  IdParam,
  itemsOf,
  KeyInputSchema,
  KeySchema,
} from '../schemas';

const createKey = defineRoute({
  method: 'post',
  path: '/v1/keys',
  tags: ['keys'],
  summary: 'Create an API key (admin); the secret is returned once and stored only as a hash',
  security: BEARER,
  request: {
    body: KeyInputSchema,
  },
  responses: {
    201: {
      description: 'The new key',
      content: { 'application/json': { schema: CreatedKeySchema } },
    },
    ...errorResponses,
  },
});

const listKeys = defineRoute({
  method: 'get',
  path: '/v1/keys',
  tags: ['keys'],
  summary: 'List API keys, without their secrets (admin)',
  security: BEARER,
  responses: {
    200: {
      description: 'All keys',
      content: { 'application/json': { schema: itemsOf(KeySchema) } },
    },
    ...errorResponses,
  },
});

const revokeKey = defineRoute({
  method: 'delete',
  path: '/v1/keys/{keyId}',
  tags: ['keys'],
  summary: 'Revoke an API key (admin); it is refused from the next request on',
  security: BEARER,
  request: { params: IdParam('keyId', 'The keyId returned when the key was created') },
  responses: { 204: { description: 'Revoked' }, ...errorResponses },
});

export const keyRoutes = (deps: ApiDeps): ApiRoute[] => [
  route(createKey, async (c, { body: input }) => {
    if (!hasRole(c, 'admin')) return problem(c, 'forbidden');
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
  }),
  route(listKeys, async (c) => {
    if (!hasRole(c, 'admin')) return problem(c, 'forbidden');
    const keys = await deps.apiKeys.list();
    return c.json({ items: keys.map((k) => ({ ...k })) }, 200);
  }),
  route(revokeKey, async (c, { params }) => {
    if (!hasRole(c, 'admin')) return problem(c, 'forbidden');
    const { keyId } = params;
    const result = await deps.apiKeys.revoke(keyId, deps.now().toISOString());
    if (result === 'not_found') return problem(c, 'not_found', 'No key with this id.');
    return c.body(null, 204);
  }),
];
