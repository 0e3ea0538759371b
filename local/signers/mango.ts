import { createHash } from 'node:crypto';

/**
 * Signs a stored Mango Office request: sets `sign` = hex(SHA-256(key + json + salt)) over the
 * body's `json` field exactly as it decodes, the way the VPBX does (reference/telephony.md
 * §5.4). The other fields keep their bytes; an existing `sign` is replaced. `vpbx_api_key` is
 * whatever the body says: a test that wants a wrong key writes one there.
 */
export const signMango = (body: string, key: string, salt: string): string => {
  const json = new URLSearchParams(body).get('json') ?? '';
  const sign = createHash('sha256').update(`${key}${json}${salt}`, 'utf8').digest('hex');
  const fields = body.split('&').filter((field) => field !== '' && !field.startsWith('sign='));
  const keyAt = fields.findIndex((field) => field.startsWith('vpbx_api_key='));
  fields.splice(keyAt + 1, 0, `sign=${sign}`); // Mango's order: vpbx_api_key, sign, json
  return fields.join('&');
};
