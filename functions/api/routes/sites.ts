import type * as z from 'zod/mini';
import { sha256Hex } from '../../../shared/crypto';
import type { Site } from '../../../shared/domain/types';
import { problem } from '../../../shared/http/problem';
import { hasRole } from '../auth';
import type { ApiDeps } from '../deps';
import { type ApiRoute, BEARER, defineRoute, route } from '../openapi/route';
import { errorResponses, IdParam, itemsOf, SiteInputSchema, SiteSchema } from '../schemas';

const toView = (site: Site): z.infer<typeof SiteSchema> => ({
  siteKey: site.siteKey,
  name: site.name,
  allowedOrigins: [...site.allowedOrigins],
  hasToken: site.tokenHash !== undefined,
  ...(site.honeypotField ? { honeypotField: site.honeypotField } : {}),
  updatedAt: site.updatedAt,
});

const putSite = defineRoute({
  method: 'put',
  path: '/v1/sites/{siteKey}',
  tags: ['sites'],
  summary: 'Register or update a website that posts lead forms',
  security: BEARER,
  request: {
    params: IdParam('siteKey', 'The key in the form URL: /v1/forms/{siteKey}'),
    body: SiteInputSchema,
  },
  responses: {
    200: { description: 'The site', content: { 'application/json': { schema: SiteSchema } } },
    ...errorResponses,
  },
});

const listSites = defineRoute({
  method: 'get',
  path: '/v1/sites',
  tags: ['sites'],
  summary: 'List the registered sites',
  security: BEARER,
  responses: {
    200: {
      description: 'All sites',
      content: { 'application/json': { schema: itemsOf(SiteSchema) } },
    },
    ...errorResponses,
  },
});

export const siteRoutes = (deps: ApiDeps): ApiRoute[] => [
  route(putSite, async (c, { params, body: input }) => {
    if (!hasRole(c, 'head')) return problem(c, 'forbidden');
    const { siteKey } = params;
    const existing = await deps.sites.get(siteKey);
    const site: Site = {
      siteKey,
      name: input.name,
      allowedOrigins: input.allowedOrigins,
      // Leaving the token out keeps the current one.
      tokenHash: input.token ? sha256Hex(input.token) : existing?.tokenHash,
      honeypotField: input.honeypotField,
      updatedAt: deps.now().toISOString(),
    };
    await deps.sites.put(site);
    return c.json(toView(site), 200);
  }),
  route(listSites, async (c) => {
    if (!hasRole(c, 'head')) return problem(c, 'forbidden');
    const sites = await deps.sites.list();
    return c.json({ items: sites.map(toView) }, 200);
  }),
];
