import type { Context } from 'hono';
import {
  type InboundRequest,
  type InboundRoute,
  KEPT_HEADERS,
  routeLabel,
} from '../../shared/domain/quarantine';
import { dayInZone } from '../../shared/domain/time';
import { answer } from '../../shared/http/lambda-handler';
import { problem } from '../../shared/http/problem';
import { debugEnabled, errorSummary, logger } from '../../shared/logger';
import { holdRequest } from '../../shared/usecases/hold-request';
import type { InboundOutcome, InboundReply } from '../../shared/usecases/inbound/types';
import type { IngestDeps } from './deps';
import { sendOr503 } from './send';

/**
 * The request as the inbound readers see it (and as the quarantine keeps it): the raw bytes,
 * the headers a channel reads, the path and query as received. A form's site token (its
 * Authorization header, `?token=`) is left out: it is checked now and never stored.
 */
export const toInboundRequest = async (
  c: Context,
  deps: Pick<IngestDeps, 'publicBaseUrl' | 'now'>,
  route: InboundRoute,
  name: string,
): Promise<InboundRequest> => {
  const origin = originOf(c.req.url);
  const queryStart = c.req.url.indexOf('?');
  const rawQuery = queryStart >= 0 ? c.req.url.slice(queryStart + 1) : '';
  const query = route === 'forms' ? withoutToken(rawQuery) : rawQuery;
  const prefix = `/v1/${route}/${name}`;
  const path = c.req.path;
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(c.req.header())) {
    if (KEPT_HEADERS.has(key.toLowerCase())) headers[key.toLowerCase()] = value;
  }
  const bodyless = c.req.method === 'GET' || c.req.method === 'HEAD';
  return {
    route,
    name,
    method: c.req.method,
    path,
    subPath: path.startsWith(prefix) ? path.slice(prefix.length) : '',
    query,
    url: `${origin}${path}${query ? `?${query}` : ''}`,
    signedUrls:
      route === 'telephony'
        ? signedUrlCandidates(deps.publicBaseUrl, origin, `${path}${query ? `?${query}` : ''}`)
        : [],
    headers,
    bytes: bodyless ? new Uint8Array() : new Uint8Array(await c.req.arrayBuffer()),
    receivedAt: deps.now(),
  };
};

const withoutToken = (query: string): string => {
  const params = new URLSearchParams(query);
  if (!params.has('token')) return query;
  params.delete('token');
  return params.toString();
};

/**
 * Per instance: what is parsed of the API's own origin and base URLs. An instance sees one or
 * two origins (API Gateway's domain, a custom one); the bound only guards against a client
 * varying the Host header where nothing in front of ingest pins it (the local server).
 */
const MAX_CACHED = 32;
const cached = <T>(cache: Map<string, T>, key: string, make: () => T): T => {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    value = make();
    cache.set(key, value);
  }
  return value;
};
const origins = new Map<string, string>();
const signingBases = new Map<string, readonly string[]>();

/** The origin of a request's URL, parsed once per scheme-and-host. */
const originOf = (url: string): string => {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  if (slash < 0) return new URL(url).origin;
  const prefix = url.slice(0, slash);
  return cached(origins, prefix, () => new URL(prefix).origin);
};

/** The URL as configured (PUBLIC_BASE_URL) and as received, each with and without :443/:80. */
const signedUrlCandidates = (
  publicBaseUrl: string | undefined,
  receivedOrigin: string,
  pathAndQuery: string,
): string[] =>
  cached(signingBases, `${publicBaseUrl ?? ''} ${receivedOrigin}`, () => {
    const bases = new Set<string>();
    for (const base of [publicBaseUrl, receivedOrigin]) {
      if (!base) continue;
      const trimmed = base.replace(/\/+$/, '');
      bases.add(trimmed);
      const { protocol, host, port } = new URL(trimmed);
      if (!port) bases.add(`${protocol}//${host}:${protocol === 'https:' ? 443 : 80}`);
    }
    return [...bases];
  }).map((base) => `${base}${pathAndQuery}`);

/** The channel's reply, with the outcome's headers (a form's CORS headers). */
const reply = (c: Context, given: InboundReply, headers: Readonly<Record<string, string>> = {}) =>
  given.status === 204
    ? answer(c, null, 204, headers)
    : answer(c, given.body, 200, { ...headers, 'Content-Type': given.contentType });

/**
 * Answers an inbound request from its outcome: refused → its 4xx; accepted → every event
 * queued, then the channel's reply; held → kept in the quarantine, then the channel's reply.
 * Nothing is acknowledged before it is durable (queued or held); otherwise 503, and the sender
 * retries.
 */
export const respond = async (
  c: Context,
  deps: IngestDeps,
  request: InboundRequest,
  outcome: InboundOutcome,
) => {
  const route = routeLabel(request);
  // A refusal or an outage carries the outcome's headers too (a browser reads it by them).
  const withHeaders = () => {
    for (const [name, value] of Object.entries(outcome.headers ?? {})) c.header(name, value);
    return c;
  };
  switch (outcome.kind) {
    case 'refused':
      if (outcome.code === 'bad_signature' || outcome.code === 'forbidden') {
        logger.warn('inbound refused', { route, error: outcome.code });
      }
      return problem(withHeaders(), outcome.code, outcome.message, outcome.issues);
    case 'answer':
      return reply(c, outcome.reply, outcome.headers);
    case 'accepted':
      for (const message of outcome.messages) {
        if (!(await sendOr503(deps, message))) return problem(withHeaders(), 'unavailable');
      }
      // Counts only: event ids may carry a person's data (WhatsApp message ids). At DEBUG level
      // only: one JSON line per request is a measurable share of its CPU (docs/performance.md);
      // and asked first, since Powertools reads the environment even for a line it drops.
      if (debugEnabled()) {
        logger.debug('inbound accepted', { route, events: outcome.messages.length });
      }
      return reply(c, outcome.reply, outcome.headers);
    case 'held':
      try {
        const { id, result } = await holdRequest(deps, request, outcome);
        if (outcome.reason === 'spam' && request.route === 'forms') {
          await deps.sites.countSpam(request.name, dayInZone(request.receivedAt, deps.timeZone));
        }
        logger.warn('inbound held', {
          route,
          id,
          reason: outcome.reason,
          duplicate: result === 'duplicate',
        });
      } catch (error) {
        logger.error('quarantine unavailable', { route, error: errorSummary(error) });
        return problem(withHeaders(), 'unavailable');
      }
      return reply(c, outcome.reply, outcome.headers);
  }
};
