import { createHmac } from 'node:crypto';

/**
 * The fields each Zadarma notification signs, in order (reference/telephony.md §4.1). Written
 * apart from the module on purpose: a test signed with the module's own table proves nothing.
 */
const SIGNED: Readonly<Record<string, readonly string[]>> = {
  NOTIFY_START: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_INTERNAL: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_IVR: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_END: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_ANSWER: ['caller_id', 'destination', 'call_start'],
  NOTIFY_OUT_START: ['internal', 'destination', 'call_start'],
  NOTIFY_OUT_END: ['internal', 'destination', 'call_start'],
  NOTIFY_RECORD: ['pbx_call_id', 'call_id_with_rec'],
};

/** The `Signature` header Zadarma sends: base64 of the hex HMAC-SHA1, as PHP's example does. */
export const zadarmaSignature = (data: string, secret: string): string =>
  Buffer.from(createHmac('sha1', secret).update(data, 'utf8').digest('hex'), 'utf8').toString(
    'base64',
  );

/** Headers to add to a urlencoded Zadarma notification (names lowercased, as hono gives them). */
export const signZadarma = (body: string, secret: string): Record<string, string> => {
  const form = new URLSearchParams(body);
  const event = form.get('event') ?? '';
  const fields = Object.hasOwn(SIGNED, event) ? SIGNED[event] : undefined;
  if (!fields) throw new Error(`signZadarma: no signature scheme for event "${event}"`);
  return { signature: zadarmaSignature(fields.map((f) => form.get(f) ?? '').join(''), secret) };
};
