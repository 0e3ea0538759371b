import { createHmac } from 'node:crypto';

/**
 * Signs a request the way Twilio does (reference/telephony.md §3.5), written apart from the
 * module so the tests do not check the code against itself: base64(HMAC-SHA1(token, url + the
 * form fields, names and each name's distinct values in code-unit order)). GET requests carry
 * their fields in the URL, which is signed alone.
 */
export const signTwilio = (
  request: { readonly method: string; readonly url: string; readonly body: string },
  token: string,
): Record<string, string> => {
  const params = new Map<string, string[]>();
  if (request.method !== 'GET') {
    for (const [name, value] of new URLSearchParams(request.body)) {
      params.set(name, [...(params.get(name) ?? []), value]);
    }
  }
  let data = request.url;
  for (const name of [...params.keys()].sort()) {
    for (const value of [...new Set(params.get(name))].sort()) data += name + value;
  }
  return {
    'x-twilio-signature': createHmac('sha1', token).update(data, 'utf8').digest('base64'),
  };
};
