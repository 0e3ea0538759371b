import type * as z from 'zod/mini';
import type { Webhook } from '../../../shared/domain/notify/types';
import { problem } from '../../../shared/http/problem';
import { hasRole } from '../auth';
import type { ApiDeps } from '../deps';
import { type ApiRoute, BEARER, defineRoute, route } from '../openapi/route';
import {
  DeliveryListQuerySchema,
  DeliverySchema,
  errorResponses,
  IdParam,
  itemsOf,
  WebhookInputSchema,
  WebhookSchema,
} from '../schemas';

const nameParam = IdParam('name', 'Your name for the webhook, e.g. crm');

/** A webhook as the API shows it: never its secret, nor a Bitrix24 webhook's code. */
const toView = (webhook: Webhook): z.infer<typeof WebhookSchema> => ({
  name: webhook.name,
  url:
    webhook.format === 'bitrix24'
      ? webhook.url.replace(/(\/rest\/\d+\/)[^/]+/, '$1***')
      : webhook.url,
  events: [...webhook.events],
  format: webhook.format,
  active: webhook.active,
  hasSecret: webhook.secret !== '',
  updatedAt: webhook.updatedAt,
});

const putWebhook = defineRoute({
  method: 'put',
  path: '/v1/webhooks/{name}',
  tags: ['webhooks'],
  summary:
    'Create or replace an outgoing webhook (admin): signed POSTs of the chosen events, or Bitrix24 CRM leads',
  security: BEARER,
  request: {
    params: nameParam,
    body: WebhookInputSchema,
  },
  responses: {
    200: { description: 'The webhook', content: { 'application/json': { schema: WebhookSchema } } },
    ...errorResponses,
  },
});

const listWebhooks = defineRoute({
  method: 'get',
  path: '/v1/webhooks',
  tags: ['webhooks'],
  summary: 'List outgoing webhooks, without their secrets (admin)',
  security: BEARER,
  responses: {
    200: {
      description: 'All webhooks',
      content: { 'application/json': { schema: itemsOf(WebhookSchema) } },
    },
    ...errorResponses,
  },
});

const deleteWebhook = defineRoute({
  method: 'delete',
  path: '/v1/webhooks/{name}',
  tags: ['webhooks'],
  summary: 'Delete an outgoing webhook (admin); its pending retries stop',
  security: BEARER,
  request: { params: nameParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

const listDeliveries = defineRoute({
  method: 'get',
  path: '/v1/webhooks/{name}/deliveries',
  tags: ['webhooks'],
  summary: "A webhook's recent deliveries, newest first (admin)",
  security: BEARER,
  request: { params: nameParam, query: DeliveryListQuerySchema },
  responses: {
    200: {
      description: 'Deliveries',
      content: { 'application/json': { schema: itemsOf(DeliverySchema) } },
    },
    ...errorResponses,
  },
});

export const webhookRoutes = (deps: ApiDeps): ApiRoute[] => [
  route(putWebhook, async (c, { params, body: input }) => {
    if (!hasRole(c, 'admin')) return problem(c, 'forbidden');
    const { name } = params;
    const webhook: Webhook = {
      name,
      url: input.url,
      secret: input.secret ?? '',
      events: input.events,
      format: input.format,
      active: input.active,
      updatedAt: deps.now().toISOString(),
    };
    await deps.webhooks.put(webhook);
    return c.json(toView(webhook), 200);
  }),
  route(listWebhooks, async (c) => {
    if (!hasRole(c, 'admin')) return problem(c, 'forbidden');
    return c.json({ items: (await deps.webhooks.list()).map(toView) }, 200);
  }),
  route(deleteWebhook, async (c, { params }) => {
    if (!hasRole(c, 'admin')) return problem(c, 'forbidden');
    const { name } = params;
    if ((await deps.webhooks.delete(name)) === 'not_found') {
      return problem(c, 'not_found', 'No webhook with this name.');
    }
    return c.body(null, 204);
  }),
  route(listDeliveries, async (c, { params, query }) => {
    if (!hasRole(c, 'admin')) return problem(c, 'forbidden');
    const { name } = params;
    const { limit } = query;
    const deliveries = await deps.deliveries.listForWebhook(name, limit);
    return c.json(
      {
        items: deliveries.map((d) => ({
          id: d.id,
          type: d.type,
          status: d.status,
          attempts: d.attempts,
          ...(d.lastStatusCode !== undefined ? { lastStatusCode: d.lastStatusCode } : {}),
          lastAttemptAt: d.lastAttemptAt ?? d.createdAt,
          ...(d.lastError ? { lastError: d.lastError } : {}),
          createdAt: d.createdAt,
        })),
      },
      200,
    );
  }),
];
