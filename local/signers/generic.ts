import { createHmac } from 'node:crypto';

/** The generic format's headers: `sha256=<hex HMAC-SHA256("<timestamp>.<raw body>")>`. */
export const signGeneric = (body: string, secret: string, at: Date): Record<string, string> => {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    'X-Switchboard-Timestamp': timestamp,
    'X-Switchboard-Signature': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
  };
};
