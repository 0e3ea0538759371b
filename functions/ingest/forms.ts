import { type Context, Hono } from 'hono';
import { limitBody } from '../../shared/http/body-limit';
import { problem } from '../../shared/http/problem';
import {
  allowedOrigin,
  corsHeaders,
  findSite,
  readForm,
} from '../../shared/usecases/inbound/forms';
import type { IngestDeps } from './deps';
import { respond, toInboundRequest } from './inbound';

export const FORM_BODY_LIMIT = 64 * 1024;

const bearer = (header: string | undefined): string | undefined =>
  header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;

/** `POST /v1/forms/{siteKey}` and its CORS preflight. */
export const formRoutes = (
  deps: IngestDeps,
  siteAllowance: (c: Context, siteKey: string) => Response | undefined = () => undefined,
) =>
  new Hono()
    .options('/:siteKey', async (c) => {
      const site = await findSite(deps.sites, c.req.param('siteKey'));
      if (!site) return problem(c, 'unknown_site');
      const origin = allowedOrigin(site, c.req.header('origin'));
      if (!origin) return problem(c, 'forbidden', 'This origin is not allowed for the site.');
      return c.body(null, 204, {
        ...corsHeaders(origin),
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type, Authorization, Idempotency-Key',
        'Access-Control-Max-Age': '600',
      });
    })
    .post(
      '/:siteKey',
      limitBody({
        maxSize: FORM_BODY_LIMIT,
        onError: (c) => problem(c, 'payload_too_large', 'Form bodies are limited to 64 KB.'),
      }),
      async (c) => {
        const request = await toInboundRequest(c, deps, 'forms', c.req.param('siteKey'));
        const outcome = await readForm(request, deps, {
          verifyAt: request.receivedAt,
          token: bearer(c.req.header('authorization')) ?? c.req.query('token'),
        });
        // The site's allowance is spent only by posts that proved to be the site's.
        if (outcome.kind !== 'refused' && outcome.authenticatedBy) {
          const limited = siteAllowance(c, request.name);
          if (limited) {
            for (const [name, value] of Object.entries(outcome.headers ?? {})) {
              limited.headers.set(name, value);
            }
            return limited;
          }
        }
        return respond(c, deps, request, outcome);
      },
    );
