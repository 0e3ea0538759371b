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
import { presentedToken } from './form-token';
import { respond, toInboundRequest } from './inbound';

export const FORM_BODY_LIMIT = 64 * 1024;

/** The rate limits the form route applies once it knows how a post is authenticated. */
export type FormAllowances = {
  /** An authenticated post to a site: within the site's allowance, or a 429 to answer. */
  readonly site: (c: Context, siteKey: string) => Response | undefined;
  /** A post whose presented token did not authenticate it (refused, or a browser's). */
  readonly address: (c: Context, refused: boolean) => Response | undefined;
};

/** `POST /v1/forms/{siteKey}` and its CORS preflight. */
export const formRoutes = (deps: IngestDeps, allowances: FormAllowances) =>
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
        const token = presentedToken(c);
        const outcome = await readForm(request, deps, { verifyAt: request.receivedAt, token });
        // A presented token that is not what authenticated the post (wrong, or a browser's post
        // by its Origin) counts per address, as every post without a token did before reading.
        const limited =
          (token !== undefined && outcome.authenticatedBy !== 'token'
            ? allowances.address(c, outcome.kind === 'refused')
            : undefined) ??
          // The site's allowance is spent only by posts that proved to be the site's.
          (outcome.kind !== 'refused' && outcome.authenticatedBy
            ? allowances.site(c, request.name)
            : undefined);
        if (limited) {
          for (const [name, value] of Object.entries(outcome.headers ?? {})) {
            limited.headers.set(name, value);
          }
          return limited;
        }
        return respond(c, deps, request, outcome);
      },
    );
