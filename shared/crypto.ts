import { createHash, createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** One-shot `hash()`: a few times cheaper than a `createHash` object for short inputs. */
export const sha256Hex = (data: string | Uint8Array): string => hash('sha256', data, 'hex');

/** A touch's key in announcements: a short hash of its event's id (ids can hold a phone). */
export const touchKey = (eventId: string): string => sha256Hex(eventId).slice(0, 16);

export const hmacHex = (algorithm: 'sha1' | 'sha256', key: string, data: string | Buffer): string =>
  createHmac(algorithm, key).update(data).digest('hex');

export const hmacBase64 = (
  algorithm: 'sha1' | 'sha256',
  key: string,
  data: string | Buffer,
): string => createHmac(algorithm, key).update(data).digest('base64');

/**
 * Compares two secrets in constant time. Both sides are hashed first, so neither their
 * contents nor their lengths leak through timing.
 */
export const safeEqual = (given: string, expected: string): boolean =>
  timingSafeEqual(
    createHash('sha256').update(given).digest(),
    createHash('sha256').update(expected).digest(),
  );

/** Compares a secret with the stored sha256 hex of the expected one, in constant time. */
export const matchesHash = (given: string, expectedSha256Hex: string): boolean => {
  const expected = Buffer.from(expectedSha256Hex, 'hex');
  const actual = hash('sha256', given, 'buffer');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
};

/** A new random secret, URL-safe: `sb_` + 32 random bytes. */
export const newSecret = (prefix = 'sb_'): string =>
  `${prefix}${randomBytes(32).toString('base64url')}`;

/**
 * A stable id made of names (sha256, in the shape of a UUID, version 8): the same parts always
 * give the same id, so a retried piece of work finds what an earlier try of it wrote.
 */
export const nameBasedId = (...parts: readonly string[]): string => {
  const h = sha256Hex(parts.join('\n'));
  const variant = ((Number.parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
