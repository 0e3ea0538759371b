import * as z from 'zod/mini';
import { hmacHex } from '../../crypto';
import type { EventType } from '../../domain/notify/events';
import type { Webhook } from '../../domain/notify/types';
import { post } from '../http';
import type { Destination } from './types';

const Payload = z.object({ data: z.record(z.string(), z.unknown()) });
type Payload = z.infer<typeof Payload>;

/** An active switchboard-format webhook subscribed to the event type. */
const subscribed = (webhook: Webhook, type: EventType): boolean =>
  webhook.active && webhook.format === 'switchboard' && webhook.events.includes(type);

/**
 * The headers of one attempt, the generic telephony format's scheme: the delivery id, the unix
 * seconds of this attempt and `sha256=<hex HMAC-SHA256("<timestamp>.<raw body>")>` with the
 * webhook's secret — each attempt signed anew.
 */
export const signDelivery = (
  deliveryId: string,
  body: string,
  secret: string,
  at: Date,
): Record<string, string> => {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    'X-Switchboard-Delivery': deliveryId,
    'X-Switchboard-Timestamp': timestamp,
    'X-Switchboard-Signature': `sha256=${hmacHex('sha256', secret, `${timestamp}.${body}`)}`,
  };
};

/** `format: "switchboard"`: a signed JSON POST `{ id, type, at, data }`; any 2xx ends it. */
export const webhookDestination: Destination<Payload> = {
  name: 'webhook',
  payload: Payload,

  wants: (type, { webhooks }) => webhooks.some((w) => subscribed(w, type)),

  plan: (event, { webhooks }) =>
    webhooks
      .filter((w) => subscribed(w, event.type))
      .map((w) => ({ target: w.name, webhook: w.name, payload: { data: { ...event.data } } })),

  async attempt(attempt, deps) {
    const webhook = await deps.webhooks.get(attempt.target);
    if (!webhook) return { outcome: 'stop', error: 'the webhook was deleted' };
    if (!webhook.active) return { outcome: 'stop', error: 'the webhook is paused (active: false)' };
    if (webhook.format !== 'switchboard')
      return { outcome: 'stop', error: 'the webhook changed format' };
    const body = JSON.stringify({
      id: attempt.id,
      type: attempt.type,
      at: attempt.at,
      data: attempt.payload.data,
    });
    const answer = await post(
      deps.fetch,
      webhook.url,
      body,
      signDelivery(attempt.id, body, webhook.secret, deps.now()),
    );
    if (!answer.ok) {
      return {
        outcome: 'failed',
        error:
          answer.error === 'timeout'
            ? 'no answer within 10 s'
            : 'the receiver could not be reached',
      };
    }
    if (answer.status >= 200 && answer.status < 300) {
      return { outcome: 'delivered', statusCode: answer.status };
    }
    return { outcome: 'failed', statusCode: answer.status, error: `HTTP ${answer.status}` };
  },
};
