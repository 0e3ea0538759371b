import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isUnavailable, problem } from '../../shared/http/problem';
import { errorSummary, logger } from '../../shared/logger';
import { type ApiEnv, authenticate } from './auth';
import { dashboardRoutes } from './dashboard/routes';
import type { ApiDeps } from './deps';
import { openApiDocument } from './openapi/document';
import type { ApiRoute } from './openapi/route';
import { callRoutes } from './routes/calls';
import { csvExport } from './routes/csv-export';
import { dealRoutes } from './routes/deals';
import { keyRoutes } from './routes/keys';
import { leadMetricsRoutes } from './routes/lead-metrics';
import { leadRoutes } from './routes/leads';
import { managerRoutes } from './routes/managers';
import { meRoutes } from './routes/me';
import { monthMetricsRoutes } from './routes/month-metrics';
import { NOTIFY_TELEGRAM_PATH, notifyTelegramRoute } from './routes/notify-telegram';
import { planRoutes } from './routes/plans';
import { quarantineRoutes } from './routes/quarantine';
import { routingRoutes } from './routes/routing';
import { siteRoutes } from './routes/sites';
import { webhookRoutes } from './routes/webhooks';

export const OPENAPI_PATH = '/v1/openapi.json';

/** What the document says besides the routes. */
const DOCUMENT_HEAD = {
  info: {
    title: 'switchboard',
    version: '1',
    description:
      'Leads, calls and metrics for a sales department. Errors are `{ error, message, issues? }`.',
  },
  securitySchemes: {
    bearer: {
      type: 'http',
      scheme: 'bearer',
      description: 'An API key: ADMIN_API_KEY, or one made with POST /v1/keys',
    },
  },
};

/** The sales-head API: API-key authenticated, documented by the OpenAPI it serves. */
export const createApiApp = (deps: ApiDeps) => {
  const app = new Hono<ApiEnv>();
  const documented: ApiRoute[] = [];
  const mount = (routes: readonly ApiRoute[]) => {
    for (const route of routes) {
      route.mount(app);
      documented.push(route);
    }
  };

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.route('/', dashboardRoutes(deps));
  // Generated from the routes' own schemas on the first request, then kept: nobody waits for it
  // at a cold start.
  let document: ReturnType<typeof openApiDocument> | undefined;
  app.get(OPENAPI_PATH, (c) => {
    document ??= openApiDocument(
      documented.map((route) => route.spec),
      DOCUMENT_HEAD,
    );
    return c.json(document);
  });

  // An inbound webhook (Telegram's), authenticated by its own secret header, not an API key.
  mount([notifyTelegramRoute(deps)]);

  app.use('/v1/*', async (c, next) => {
    if (c.req.path === OPENAPI_PATH || c.req.path === NOTIFY_TELEGRAM_PATH) return next();
    return authenticate(deps)(c, next);
  });

  // CSV requests of the two lists are answered here; every other request goes on to the routes.
  const csv = csvExport(deps);
  app.use('/v1/calls', csv.calls);
  app.use('/v1/leads', csv.leads);

  mount(siteRoutes(deps));
  mount(managerRoutes(deps));
  mount(keyRoutes(deps));
  mount(meRoutes());
  mount(leadRoutes(deps));
  mount(callRoutes(deps));
  mount(leadMetricsRoutes(deps));
  mount(routingRoutes(deps));
  mount(quarantineRoutes(deps));
  mount(webhookRoutes(deps));
  mount(dealRoutes(deps));
  mount(planRoutes(deps));
  mount(monthMetricsRoutes(deps));

  app.notFound((c) => problem(c, 'not_found'));
  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      return error.status === 413
        ? problem(c, 'payload_too_large')
        : problem(c, 'invalid_payload', 'The request body is not valid JSON.');
    }
    logger.error('api failed', { error: errorSummary(error), path: c.req.path });
    return isUnavailable(error) ? problem(c, 'unavailable') : problem(c, 'internal');
  });
  return app;
};
