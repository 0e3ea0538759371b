import { messengerChannels } from '../../channels/messengers';
import type { MessengerChannel, MessengerRequest } from '../../channels/messengers/types';
import type { InboundRequest } from '../../domain/quarantine';
import { acceptedOrHeld, type InboundReader, type InboundReply, refused } from './types';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as UTF-8 JSON, or undefined when it is not (no platform here posts anything else). */
const readJson = (bytes: Uint8Array): { text: string; json: unknown } | undefined => {
  try {
    const text = utf8.decode(bytes);
    return { text, json: JSON.parse(text) };
  } catch {
    return undefined;
  }
};

/** The segment after the channel (a bot, a community); undefined: none; null: not allowed. */
const accountOf = (subPath: string, channel: MessengerChannel): string | undefined | null => {
  const rest = subPath.split('/').filter((segment) => segment !== '');
  if (rest.length === 0) return undefined;
  const [segment] = rest;
  if (rest.length > 1 || !segment || !channel.accountPattern?.test(segment)) return null;
  return segment;
};

const acceptsMediaType = (channel: MessengerChannel, header: string | undefined): boolean => {
  const type = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === '' ? channel.mediaTypeOptional === true : channel.mediaTypes.includes(type);
};

const toMessengerRequest = (
  request: InboundRequest,
  account: string | undefined,
  body: { text: string; json: unknown } | undefined,
  fromQuarantine = false,
): MessengerRequest => ({
  method: request.method,
  body: body?.text ?? '',
  bytes: request.bytes,
  json: body?.json,
  headers: request.headers,
  url: request.url,
  query: new URLSearchParams(request.query),
  account,
  secretsHashed: fromQuarantine,
});

/**
 * `/v1/messengers/{channel}[/{account}]`: Meta's GET handshake; then the platform's secret or
 * signature, then its parser. Where the proof does not depend on reading the body (Telegram's
 * header, Meta's HMAC over the raw bytes), an authenticated body of the wrong type or not JSON
 * is held; VK's secret is inside the JSON, so a VK body that is not JSON cannot be
 * authenticated and is refused (400).
 */
export const readMessenger: InboundReader = async (request, deps, options) => {
  const channel = (deps.channels?.messengers ?? messengerChannels).get(request.name);
  if (!channel || channel.secretNames.some((name) => !deps.secret(name))) {
    return refused('unknown_channel');
  }
  const account = accountOf(request.subPath, channel);
  if (account === null) return refused('not_found');

  if (request.method === 'GET' && channel.handshake) {
    const answer = channel.handshake(toMessengerRequest(request, account, undefined), deps.secret);
    if (answer === 'forbidden') return refused('forbidden', 'The verify token does not match.');
    return { kind: 'answer', reply: answer };
  }
  if (request.method !== 'POST') return refused('not_found');

  const typeAccepted = acceptsMediaType(channel, request.headers['content-type']);
  const wrongType = () =>
    refused('unsupported_media_type', `This channel posts ${channel.mediaTypes.join(' or ')}.`);
  const body = readJson(request.bytes);
  const messenger = toMessengerRequest(request, account, body, options.fromQuarantine);
  const heldReply = (): InboundReply => channel.reply(messenger, [], deps.secret);
  const bodySecret = channel.secretInBody ? deps.secret(channel.secretInBody) : undefined;
  // Kept only as hashes when the request is held: the credential itself, not a signature.
  const secrets = {
    headers: channel.secretHeader ? [channel.secretHeader] : [],
    inBody: bodySecret ? [bodySecret] : [],
  };

  if (channel.secretInBody) {
    if (!typeAccepted) return wrongType();
    if (!body) {
      return refused('invalid_payload', undefined, [
        { path: '', message: 'the body is not UTF-8 JSON' },
      ]);
    }
    if (!channel.verify(messenger, deps.secret, options.verifyAt)) return refused('bad_signature');
  } else {
    if (!channel.verify(messenger, deps.secret, options.verifyAt)) {
      return typeAccepted ? refused('bad_signature') : wrongType();
    }
    if (!typeAccepted) {
      const type = request.headers['content-type'] ?? 'none';
      return {
        kind: 'held',
        reason: 'unsupported_media_type',
        issues: [{ path: 'content-type', message: `${channel.channel} posts JSON, not ${type}` }],
        reply: heldReply(),
        authenticatedBy: 'signature',
        secrets,
      };
    }
    if (!body) {
      return {
        kind: 'held',
        reason: 'unreadable',
        issues: [{ path: '', message: 'the body is not UTF-8 JSON' }],
        reply: heldReply(),
        authenticatedBy: 'signature',
        secrets,
      };
    }
  }

  const parsed = channel.parse(messenger, {
    receivedAt: request.receivedAt,
    defaultCountry: deps.defaultCountry,
  });
  if (!parsed.ok) {
    return {
      kind: 'held',
      reason: 'not_understood',
      issues: parsed.issues,
      reply: heldReply(),
      authenticatedBy: 'signature',
      secrets,
    };
  }
  return acceptedOrHeld(
    parsed.value,
    channel.reply(messenger, parsed.value, deps.secret),
    heldReply(),
    { authenticatedBy: 'signature', secrets },
  );
};
