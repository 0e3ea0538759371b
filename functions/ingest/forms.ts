import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isDroppedField, parseFormSubmission } from '../../shared/channels/forms';
import { matchesHash } from '../../shared/crypto';
import { dayInZone } from '../../shared/domain/time';
import type { Site } from '../../shared/domain/types';
import { problem } from '../../shared/http/problem';
import { logger } from '../../shared/logger';
import type { IngestDeps } from './deps';
import { readFormBody } from './form-body';
import { sendOr503 } from './send';

export const FORM_BODY_LIMIT = 64 * 1024;
const SITE_KEY = /^[A-Za-z0-9_-]{1,64}$/;

const corsHeaders = (origin: string): Record<string, string> => ({
  'Access-Control-Allow-Origin': origin,
  Vary: 'Origin',
});

const allowedOrigin = (site: Site, origin: string | undefined): string | undefined =>
  origin && site.allowedOrigins.includes(origin) ? origin : undefined;

const bearer = (header: string | undefined): string | undefined =>
  header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;

/** `POST /v1/forms/{siteKey}` and its CORS preflight. */
export const formRoutes = (deps: IngestDeps) =>
  new Hono()
    .options('/:siteKey', async (c) => {
      const site = await findSite(deps, c.req.param('siteKey'));
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
      bodyLimit({
        maxSize: FORM_BODY_LIMIT,
        onError: (c) => problem(c, 'payload_too_large', 'Form bodies are limited to 64 KB.'),
      }),
      async (c) => {
        const siteKey = c.req.param('siteKey');
        const site = await findSite(deps, siteKey);
        if (!site) return problem(c, 'unknown_site');
        const origin = allowedOrigin(site, c.req.header('origin'));
        if (origin) {
          for (const [name, value] of Object.entries(corsHeaders(origin))) c.header(name, value);
        }

        const body = await readFormBody(c.req.raw);
        if (!body.ok) {
          return body.status === 415
            ? problem(
                c,
                'unsupported_media_type',
                'Send application/json, application/x-www-form-urlencoded or multipart/form-data.',
              )
            : problem(c, 'invalid_payload', undefined, body.issues);
        }

        const token =
          bearer(c.req.header('authorization')) ??
          c.req.query('token') ??
          body.fields.get('token')?.[0];
        const tokenValid = Boolean(token && site.tokenHash && matchesHash(token, site.tokenHash));
        if (!origin && !tokenValid) {
          return problem(
            c,
            'forbidden',
            'Post from an allowed origin, or send the site token (Authorization: Bearer, or a token field).',
          );
        }

        const honeypot = [...body.fields].find(
          ([name]) => name.toLowerCase() === site.honeypotField.toLowerCase(),
        );
        if (honeypot?.[1].some((value) => value.trim() !== '')) {
          await deps.sites.countSpam(site.siteKey, dayInZone(deps.now(), deps.timeZone));
          logger.info('form spam dropped', { siteKey, reason: 'honeypot' });
          return c.json({ accepted: true });
        }
        const fields = new Map(
          [...body.fields].filter(([name]) => name !== honeypot?.[0] && !isDroppedField(name)),
        );

        const parsed = parseFormSubmission(fields, {
          siteKey: site.siteKey,
          receivedAt: deps.now(),
          defaultCountry: deps.defaultCountry,
          referer: c.req.header('referer'),
          idempotencyKey: c.req.header('idempotency-key'),
        });
        if (parsed.kind === 'ping') return c.text('ok');
        if (parsed.kind === 'invalid')
          return problem(c, 'invalid_payload', undefined, parsed.issues);

        const sent = await sendOr503(deps, parsed.event);
        if (!sent) return problem(c, 'unavailable');
        logger.info('form accepted', { siteKey, eventId: parsed.event.eventId });
        return c.json({ accepted: true, eventId: parsed.event.eventId });
      },
    );

const findSite = async (deps: IngestDeps, siteKey: string): Promise<Site | undefined> =>
  SITE_KEY.test(siteKey) ? deps.sites.get(siteKey) : undefined;
