import { signGeneric } from './generic';
import { signMango } from './mango';
import { signTwilio } from './twilio';
import { signZadarma } from './zadarma';

export type UnsignedRequest = {
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly contentType?: string;
  readonly body: string;
};

export type SignedRequest = { readonly headers: Record<string, string>; readonly body: string };

/** A secret by its configuration name; throws when unset. */
export type Secret = (name: string) => string;

/**
 * Signs a webhook the way its provider does — for tests, and for trying switchboard by hand
 * (npm run webhook). Written apart from the provider modules: a module checked against its own
 * signing code would prove nothing. `url` is the full URL the provider called (Twilio signs it).
 */
export const WEBHOOK_SIGNERS: Readonly<
  Record<
    string,
    (request: UnsignedRequest, url: string, secret: Secret, now: Date) => SignedRequest
  >
> = {
  generic: (request, _url, secret, now) => ({
    headers: signGeneric(request.body, secret('GENERIC_TELEPHONY_SECRET'), now),
    body: request.body,
  }),
  mango: (request, _url, secret) => ({
    headers: {},
    body: signMango(request.body, secret('MANGO_API_KEY'), secret('MANGO_API_SALT')),
  }),
  twilio: (request, url, secret) => ({
    headers: signTwilio(
      { method: request.method, url, body: request.body },
      secret('TWILIO_AUTH_TOKEN'),
    ),
    body: request.body,
  }),
  zadarma: (request, _url, secret) => ({
    headers:
      request.method === 'GET' ? {} : signZadarma(request.body, secret('ZADARMA_API_SECRET')),
    body: request.body,
  }),
};
