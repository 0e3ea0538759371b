import { signGeneric } from './generic';
import { signMango } from './mango';
import { TEST_TELEPHONY_SECRETS } from './secrets';
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

const secret = (name: string): string => {
  const value = TEST_TELEPHONY_SECRETS[name];
  if (!value) throw new Error(`no test secret ${name}`);
  return value;
};

/**
 * Signs a scenario request as its provider would, with the test secrets. `url` is the full URL
 * the provider called (Twilio signs it).
 */
export const SIGNERS: Readonly<
  Record<string, (request: UnsignedRequest, url: string) => SignedRequest>
> = {
  generic: (request) => ({
    headers: signGeneric(request.body, secret('GENERIC_TELEPHONY_SECRET'), new Date(request.at)),
    body: request.body,
  }),
  mango: (request) => ({
    headers: {},
    body: signMango(request.body, secret('MANGO_API_KEY'), secret('MANGO_API_SALT')),
  }),
  twilio: (request, url) => ({
    headers: signTwilio(
      { method: request.method, url, body: request.body },
      secret('TWILIO_AUTH_TOKEN'),
    ),
    body: request.body,
  }),
  zadarma: (request) => ({
    headers:
      request.method === 'GET' ? {} : signZadarma(request.body, secret('ZADARMA_API_SECRET')),
    body: request.body,
  }),
};
