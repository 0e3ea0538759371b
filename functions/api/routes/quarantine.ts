import type * as z from 'zod/mini';
import type { HeldRequest } from '../../../shared/domain/quarantine';
import { routeLabel } from '../../../shared/domain/quarantine';
import { problem } from '../../../shared/http/problem';
import { InvalidCursorError } from '../../../shared/store/cursor';
import { discardHeld, reprocessHeld } from '../../../shared/usecases/reprocess-held';
import { hasRole } from '../auth';
import type { ApiDeps } from '../deps';
import { instants, invalidCursor } from '../list-queries';
import { type ApiRoute, BEARER, defineRoute, route } from '../openapi/route';
import {
  errorResponses,
  HeldDetailSchema,
  type HeldItemSchema,
  HeldListQuerySchema,
  HeldPageSchema,
  IdParam,
  ReprocessResultSchema,
} from '../schemas';

const idParam = IdParam('id', 'The held request’s id, from GET /v1/quarantine');

const listHeld = defineRoute({
  method: 'get',
  path: '/v1/quarantine',
  tags: ['quarantine'],
  summary:
    'Requests held: authenticated, but not readable as events (and spam forms), newest first (admin, head)',
  security: BEARER,
  request: { query: HeldListQuerySchema },
  responses: {
    200: { description: 'A page', content: { 'application/json': { schema: HeldPageSchema } } },
    ...errorResponses,
  },
});

const getHeld = defineRoute({
  method: 'get',
  path: '/v1/quarantine/{id}',
  tags: ['quarantine'],
  summary: 'One held request with its headers and body, to see why it was not read (admin)',
  security: BEARER,
  request: { params: idParam },
  responses: {
    200: { description: 'It', content: { 'application/json': { schema: HeldDetailSchema } } },
    ...errorResponses,
  },
});

const reprocessRoute = defineRoute({
  method: 'post',
  path: '/v1/quarantine/{id}/reprocess',
  tags: ['quarantine'],
  summary:
    'Read a held request again with today’s parser: its events are queued with the ids they had then (admin)',
  security: BEARER,
  request: { params: idParam },
  responses: {
    200: {
      description: '`reprocessed` with its events, or still `held` with the new reason',
      content: { 'application/json': { schema: ReprocessResultSchema } },
    },
    ...errorResponses,
  },
});

const discardRoute = defineRoute({
  method: 'post',
  path: '/v1/quarantine/{id}/discard',
  tags: ['quarantine'],
  summary: 'Drop a held request; it stays listed as `discarded` (admin)',
  security: BEARER,
  request: { params: idParam },
  responses: {
    200: {
      description: 'Discarded',
      content: { 'application/json': { schema: ReprocessResultSchema } },
    },
    ...errorResponses,
  },
});

const toItem = (held: HeldRequest): z.infer<typeof HeldItemSchema> => ({
  id: held.id,
  receivedAt: held.request.receivedAt.toISOString(),
  route: routeLabel(held.request),
  method: held.request.method,
  path: held.request.path,
  ...(held.request.headers['content-type']
    ? { contentType: held.request.headers['content-type'] }
    : {}),
  bytes: held.request.bytes.length,
  status: held.status,
  reason: held.reason,
  issues: held.issues.map((issue) => ({ ...issue })),
  updatedAt: held.updatedAt,
  reprocessAttempts: held.reprocessAttempts,
  ...(held.eventIds ? { eventIds: [...held.eventIds] } : {}),
});

const utf8 = new TextDecoder('utf-8', { fatal: true });

const bodyOf = (bytes: Uint8Array) => {
  try {
    return { encoding: 'utf8' as const, data: utf8.decode(bytes) };
  } catch {
    return { encoding: 'base64' as const, data: Buffer.from(bytes).toString('base64') };
  }
};

const notHeld = (status: string) =>
  `This request is ${status} already; only a held request can be reprocessed or discarded.`;

/** GET /v1/quarantine (admin, head); one request's detail, reprocess and discard (admin). */
export const quarantineRoutes = (deps: ApiDeps): ApiRoute[] => [
  route(listHeld, async (c, { query }) => {
    if (!hasRole(c, 'head')) return problem(c, 'forbidden');
    try {
      const page = await deps.quarantine.list({
        ...instants(query.from, query.to, deps.timeZone),
        route: query.route,
        status: query.status,
        limit: query.limit,
        cursor: query.cursor,
      });
      return c.json({ items: page.items.map(toItem), nextCursor: page.nextCursor }, 200);
    } catch (error) {
      if (error instanceof InvalidCursorError) return invalidCursor(c, error);
      throw error;
    }
  }),
  route(getHeld, async (c, { params }) => {
    if (!hasRole(c, 'admin')) return problem(c, 'forbidden');
    const held = await deps.quarantine.get(params.id);
    if (!held) return problem(c, 'not_found', 'No held request with this id.');
    return c.json(
      {
        ...toItem(held),
        query: held.request.query,
        headers: { ...held.request.headers },
        body: bodyOf(held.request.bytes),
      },
      200,
    );
  }),
  route(reprocessRoute, async (c, { params }) => {
    if (!hasRole(c, 'admin')) return problem(c, 'forbidden');
    const { id } = params;
    if (!deps.intake) return problem(c, 'unavailable', 'No intake queue is configured.');
    const result = await reprocessHeld({ ...deps, intake: deps.intake }, id);
    switch (result.outcome) {
      case 'not_found':
        return problem(c, 'not_found', 'No held request with this id.');
      case 'not_held':
        return problem(c, 'conflict', notHeld(result.status));
      case 'reprocessed':
        return c.json({ id, status: 'reprocessed' as const, eventIds: [...result.eventIds] }, 200);
      case 'still_held':
        return c.json(
          {
            id,
            status: 'held' as const,
            reason: result.reason,
            issues: result.issues.map((issue) => ({ ...issue })),
          },
          200,
        );
    }
  }),
  route(discardRoute, async (c, { params }) => {
    if (!hasRole(c, 'admin')) return problem(c, 'forbidden');
    const { id } = params;
    const result = await discardHeld(deps, id);
    if (result.outcome === 'not_found') {
      return problem(c, 'not_found', 'No held request with this id.');
    }
    if (result.outcome === 'not_held') return problem(c, 'conflict', notHeld(result.status));
    return c.json({ id, status: 'discarded' as const }, 200);
  }),
];
