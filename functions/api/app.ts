import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { isUnavailable, problem } from '../../shared/http/problem';
import { errorSummary, logger } from '../../shared/logger';
import { type ApiEnv, authenticate } from './auth';
import { dashboardRoutes } from './dashboard/routes';
import type { ApiDeps } from './deps';
import { invalidPayload } from './list-queries';
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

/** The sales-head API: API-key authenticated, documented by the OpenAPI it serves. */
export const createApiApp = (deps: ApiDeps) => {
  const app = new OpenAPIHono<ApiEnv>({
    // zod refusals become the same problem body as every other 400.
    defaultHook: (result, c) => {
      if (!result.success) return invalidPayload(c, result.error);
    },
  });

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key: ADMIN_API_KEY, or one made with POST /v1/keys',
  });

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.route('/', dashboardRoutes(deps));
  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: {
      title: 'switchboard',
      version: '1',
      description:
        'Leads, calls and metrics for a sales department. Errors are `{ error, message, issues? }`.',
    },
  });

  // An inbound webhook (Telegram's), authenticated by its own secret header, not an API key.
  notifyTelegramRoute(app, deps);

  app.use('/v1/*', async (c, next) => {
    if (c.req.path === OPENAPI_PATH || c.req.path === NOTIFY_TELEGRAM_PATH) return next();
    return authenticate(deps)(c, next);
  });

  // CSV requests of the two lists are answered here; every other request goes on to the routes.
  const csv = csvExport(deps);
  app.use('/v1/calls', csv.calls);
  app.use('/v1/leads', csv.leads);

  app.route('/', siteRoutes(deps));
  app.route('/', managerRoutes(deps));
  app.route('/', keyRoutes(deps));
  app.route('/', meRoutes());
  app.route('/', leadRoutes(deps));
  app.route('/', callRoutes(deps));
  app.route('/', leadMetricsRoutes(deps));
  app.route('/', routingRoutes(deps));
  app.route('/', quarantineRoutes(deps));
  app.route('/', webhookRoutes(deps));
  app.route('/', dealRoutes(deps));
  app.route('/', planRoutes(deps));
  app.route('/', monthMetricsRoutes(deps));

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
