export type EmailResult =
  | { readonly ok: true; readonly email: string }
  | { readonly ok: false; readonly reason: 'empty' | 'invalid' };

// One "@", a dot in the domain, no spaces or angle brackets; at most 254 characters (RFC 5321).
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"_]+\.[^\s@<>()[\]\\,;:"_]{2,}$/u;

/** Trims and lower-cases an address; the whole address, since providers treat it so. */
export const normalizeEmail = (input: string): EmailResult => {
  const email = input.trim().toLowerCase();
  if (email === '') return { ok: false, reason: 'empty' };
  if (email.length > 254 || !EMAIL.test(email)) return { ok: false, reason: 'invalid' };
  return { ok: true, email };
};
