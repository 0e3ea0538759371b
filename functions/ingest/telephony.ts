import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { telephonyChannels } from '../../shared/channels/telephony';
import type { TelephonyRequest } from '../../shared/channels/telephony/types';
import type { CallEvent } from '../../shared/domain/calls/types';
import type { CallMessage } from '../../shared/domain/messages';
import { problem } from '../../shared/http/problem';
import { logger } from '../../shared/logger';
import type { IngestDeps } from './deps';
import { sendOr503 } from './send';

export const WEBHOOK_BODY_LIMIT = 256 * 1024;

/** `/v1/telephony/{provider}[/…]`: verify on the raw bytes, map, queue, answer as it expects. */
export const telephonyRoutes = (deps: IngestDeps) =>
  new Hono().all(
    '/:provider/*',
    bodyLimit({
      maxSize: WEBHOOK_BODY_LIMIT,
      onError: (c) => problem(c, 'payload_too_large', 'Webhook bodies are limited to 256 KB.'),
    }),
    async (c) => {
      const channel = telephonyChannels.get(c.req.param('provider'));
      if (!channel || channel.secretNames.some((name) => !deps.secret(name))) {
        return problem(c, 'unknown_provider');
      }
      const request = await toTelephonyRequest(c, deps);

      const handshake = channel.handshake?.(request);
      if (handshake) return reply(c, handshake);

      const now = deps.now();
      if (!channel.verify(request, deps.secret, now)) {
        logger.warn('telephony signature refused', { provider: channel.provider });
        return problem(c, 'bad_signature');
      }
      const parsed = channel.parse(request, {
        receivedAt: now,
        defaultCountry: deps.defaultCountry,
        timeZone: deps.timeZone,
      });
      if (!parsed.ok) return problem(c, 'invalid_payload', undefined, parsed.issues);

      for (const event of parsed.value) {
        if (!(await sendOr503(deps, toMessage(event, now)))) return problem(c, 'unavailable');
      }
      logger.info('telephony accepted', {
        provider: channel.provider,
        events: parsed.value.length,
      });
      return reply(c, channel.reply(request, parsed.value));
    },
  );

const reply = (c: Context, answer: { status?: number; body: string; contentType: string }) =>
  c.body(answer.body, (answer.status ?? 200) as 200, { 'Content-Type': answer.contentType });

export const callEventId = (event: CallEvent): string =>
  `${event.provider}:${event.callId}:${event.eventKey}`;

const toMessage = (event: CallEvent, receivedAt: Date): CallMessage => ({
  kind: 'call',
  eventId: callEventId(event),
  receivedAt: receivedAt.toISOString(),
  event,
});

const toTelephonyRequest = async (c: Context, deps: IngestDeps): Promise<TelephonyRequest> => {
  const url = c.req.url;
  const queryStart = url.indexOf('?');
  const rawQuery = queryStart >= 0 ? url.slice(queryStart) : '';
  const prefix = `/v1/telephony/${c.req.param('provider')}`;
  const subPath = c.req.path.slice(prefix.length);
  const pathAndQuery = `${c.req.path}${rawQuery}`;
  return {
    method: c.req.method,
    body: c.req.method === 'GET' || c.req.method === 'HEAD' ? '' : await c.req.text(),
    headers: c.req.header(),
    url,
    subPath,
    query: new URL(url).searchParams,
    signedUrls: signedUrlCandidates(deps.publicBaseUrl, url, pathAndQuery),
  };
};

/** The URL as configured (PUBLIC_BASE_URL) and as received, each with and without :443/:80. */
const signedUrlCandidates = (
  publicBaseUrl: string | undefined,
  requestUrl: string,
  pathAndQuery: string,
): string[] => {
  const bases = new Set<string>();
  for (const base of [publicBaseUrl, new URL(requestUrl).origin]) {
    if (!base) continue;
    const trimmed = base.replace(/\/+$/, '');
    bases.add(trimmed);
    const { protocol, host, port } = new URL(trimmed);
    if (!port) bases.add(`${protocol}//${host}:${protocol === 'https:' ? 443 : 80}`);
  }
  return [...bases].map((base) => `${base}${pathAndQuery}`);
};
