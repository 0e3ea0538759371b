import { Hono } from 'hono';
import { limitBody } from '../../shared/http/body-limit';
import { problem } from '../../shared/http/problem';
import { readTelephony } from '../../shared/usecases/inbound/telephony';
import type { IngestDeps } from './deps';
import { respond, toInboundRequest } from './inbound';

export const WEBHOOK_BODY_LIMIT = 256 * 1024;

/** `/v1/telephony/{provider}[/…]`: verify on the raw bytes, map, queue (or hold), answer. */
export const telephonyRoutes = (deps: IngestDeps) =>
  new Hono().all(
    '/:provider/*',
    limitBody({
      maxSize: WEBHOOK_BODY_LIMIT,
      onError: (c) => problem(c, 'payload_too_large', 'Webhook bodies are limited to 256 KB.'),
    }),
    async (c) => {
      const request = await toInboundRequest(c, deps, 'telephony', c.req.param('provider'));
      const outcome = await readTelephony(request, deps, { verifyAt: request.receivedAt });
      return respond(c, deps, request, outcome);
    },
  );
