import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { messengerChannels } from '../../shared/channels/messengers';
import type {
  MessengerChannel,
  MessengerReply,
  MessengerRequest,
} from '../../shared/channels/messengers/types';
import { problem } from '../../shared/http/problem';
import { logger } from '../../shared/logger';
import type { IngestDeps } from './deps';
import { sendOr503 } from './send';

export const MESSENGER_BODY_LIMIT = 256 * 1024;

type Body = {
  readonly bytes: Uint8Array;
  readonly text: string;
  readonly json: unknown;
};

/**
 * `GET /v1/messengers/whatsapp` (Meta's handshake) and `POST /v1/messengers/{channel}[/{account}]`:
 * read the raw bytes, check the platform's secret or signature, map, queue every event, and only
 * then answer the way the platform expects (VK: the text `ok`).
 */
export const messengerRoutes = (deps: IngestDeps) =>
  new Hono().all(
    '/:channel/*',
    bodyLimit({
      maxSize: MESSENGER_BODY_LIMIT,
      onError: (c) => problem(c, 'payload_too_large', 'Webhook bodies are limited to 256 KB.'),
    }),
    async (c) => {
      const channel = messengerChannels.get(c.req.param('channel'));
      if (!channel || channel.secretNames.some((name) => !deps.secret(name))) {
        return problem(c, 'unknown_channel');
      }
      const account = accountOf(c, channel);
      if (account === null) return problem(c, 'not_found');

      if (c.req.method === 'GET' && channel.handshake) {
        const answer = channel.handshake(toRequest(c, account, undefined), deps.secret);
        if (answer === 'forbidden') {
          logger.warn('messenger handshake refused', { channel: channel.channel });
          return problem(c, 'forbidden', 'The verify token does not match.');
        }
        return reply(c, answer);
      }
      if (c.req.method !== 'POST') return problem(c, 'not_found');

      if (!acceptsMediaType(channel, c.req.header('content-type'))) {
        return problem(
          c,
          'unsupported_media_type',
          `This channel posts ${channel.mediaTypes.join(' or ')}.`,
        );
      }
      const body = readJson(new Uint8Array(await c.req.arrayBuffer()));
      if (!body) {
        return problem(c, 'invalid_payload', undefined, [
          { path: '', message: 'the body is not UTF-8 JSON' },
        ]);
      }
      const request = toRequest(c, account, body);

      const now = deps.now();
      if (!channel.verify(request, deps.secret, now)) {
        logger.warn('messenger signature refused', { channel: channel.channel });
        return problem(c, 'bad_signature');
      }
      const parsed = channel.parse(request, {
        receivedAt: now,
        defaultCountry: deps.defaultCountry,
      });
      if (!parsed.ok) return problem(c, 'invalid_payload', undefined, parsed.issues);

      for (const event of parsed.value) {
        if (!(await sendOr503(deps, event))) return problem(c, 'unavailable');
      }
      logger.info('messenger accepted', {
        channel: channel.channel,
        events: parsed.value.length,
      });
      return reply(c, channel.reply(request, parsed.value, deps.secret));
    },
  );

/** The segment after the channel (a bot, a community); undefined: none; null: not allowed. */
const accountOf = (c: Context, channel: MessengerChannel): string | undefined | null => {
  const rest = c.req.path
    .split('/')
    .slice(4)
    .filter((segment) => segment !== '');
  if (rest.length === 0) return undefined;
  const [segment] = rest;
  if (rest.length > 1 || !segment || !channel.accountPattern?.test(segment)) return null;
  return segment;
};

const acceptsMediaType = (channel: MessengerChannel, header: string | undefined): boolean => {
  const type = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === '' ? channel.mediaTypeOptional === true : channel.mediaTypes.includes(type);
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as UTF-8 JSON, or undefined when it is not (no platform here posts anything else). */
const readJson = (bytes: Uint8Array): Body | undefined => {
  try {
    const text = utf8.decode(bytes);
    return { bytes, text, json: JSON.parse(text) };
  } catch {
    return undefined;
  }
};

const toRequest = (
  c: Context,
  account: string | undefined,
  body: Body | undefined,
): MessengerRequest => ({
  method: c.req.method,
  body: body?.text ?? '',
  bytes: body?.bytes ?? new Uint8Array(),
  json: body?.json,
  headers: c.req.header(),
  url: c.req.url,
  query: new URL(c.req.url).searchParams,
  account,
});

const reply = (c: Context, answer: MessengerReply) =>
  c.body(answer.body, answer.status ?? 200, { 'Content-Type': answer.contentType });
