import { createHmac, timingSafeEqual } from 'node:crypto';
import { createScript, startStandInServer } from './http-server';

export type ReceivedDelivery = {
  readonly headers: Record<string, string>;
  readonly raw: string;
  readonly body: any;
  /** The signature matches the raw body and the timestamp, with the receiver's secret. */
  readonly verified: boolean;
  /** The timestamp is within 300 s of the receiver's clock. */
  readonly fresh: boolean;
  readonly status: number;
};

/**
 * A company's endpoint for switchboard's webhooks, verifying each delivery as the docs tell a
 * receiver to: HMAC-SHA256 of "<X-Switchboard-Timestamp>.<raw body>" with the shared secret, in
 * constant time, timestamps within 5 minutes. Answers 200 unless told otherwise.
 */
export const startWebhookReceiver = async (options: {
  readonly secret: string;
  readonly now?: () => Date;
}) => {
  const now = options.now ?? (() => new Date());
  const received: ReceivedDelivery[] = [];
  const script = createScript<number>();
  let always: number | undefined;

  const server = await startStandInServer((request) => {
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
    );
    const timestamp = headers['x-switchboard-timestamp'] ?? '';
    const signature = headers['x-switchboard-signature'] ?? '';
    const expected = `sha256=${createHmac('sha256', options.secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
    const verified =
      signature.length === expected.length &&
      timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
    const fresh = Math.abs(now().getTime() / 1000 - Number(timestamp)) <= 300;
    const status = script.take('next') ?? always ?? 200;
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      body = undefined;
    }
    received.push({ headers, raw: request.body, body, verified, fresh, status });
    return { status, body: status < 300 ? { ok: true } : { error: 'down' } };
  });

  return {
    url: `${server.url}/hooks/switchboard`,
    stop: server.stop,
    received,
    /** The next `times` deliveries get this status. */
    answerNext(status: number, times = 1) {
      script.add('next', status, times);
    },
    /** Every delivery gets this status from now on (undefined: 200 again). */
    answerAlways(status: number | undefined) {
      always = status;
    },
  };
};

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
