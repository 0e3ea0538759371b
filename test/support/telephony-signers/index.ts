import { type SignedRequest, type UnsignedRequest, WEBHOOK_SIGNERS } from '../../../local/signers';
import { TEST_TELEPHONY_SECRETS } from './secrets';

export type { UnsignedRequest };

const secret = (name: string): string => {
  const value = TEST_TELEPHONY_SECRETS[name];
  if (!value) throw new Error(`no test secret ${name}`);
  return value;
};

/** Signs a scenario request as its provider would, with the test secrets, at the request's time. */
export const SIGNERS: Readonly<
  Record<string, (request: UnsignedRequest, url: string) => SignedRequest>
> = Object.fromEntries(
  Object.entries(WEBHOOK_SIGNERS).map(([provider, sign]) => [
    provider,
    (request: UnsignedRequest, url: string) => sign(request, url, secret, new Date(request.at)),
  ]),
);
