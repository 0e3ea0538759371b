import { Hono } from 'hono';
import { limitBody } from '../../shared/http/body-limit';
import { problem } from '../../shared/http/problem';
import { readMessenger } from '../../shared/usecases/inbound/messengers';
import type { IngestDeps } from './deps';
import { respond, toInboundRequest } from './inbound';

export const MESSENGER_BODY_LIMIT = 256 * 1024;

/**
 * `GET /v1/messengers/whatsapp` (Meta's handshake) and `POST /v1/messengers/{channel}[/{account}]`:
 * read the raw bytes, check the platform's secret or signature, map, queue every event (or hold
 * what cannot be read), and only then answer the way the platform expects (VK: the text `ok`).
 */
export const messengerRoutes = (deps: IngestDeps) =>
  new Hono().all(
    '/:channel/*',
    limitBody({
      maxSize: MESSENGER_BODY_LIMIT,
      onError: (c) => problem(c, 'payload_too_large', 'Webhook bodies are limited to 256 KB.'),
    }),
    async (c) => {
      const request = await toInboundRequest(c, deps, 'messengers', c.req.param('channel'));
      const outcome = await readMessenger(request, deps, { verifyAt: request.receivedAt });
      return respond(c, deps, request, outcome);
    },
  );
