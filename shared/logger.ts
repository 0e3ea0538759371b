import { Logger, LogLevelThreshold } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs (Powertools; level from POWERTOOLS_LOG_LEVEL). Log ids, counts and outcomes; never payloads. Where a
 * person must be told apart in a log, use maskPhone/maskEmail from domain/masking. As a last
 * line of defence, every log line passes through redact() below.
 */
export const logger = new Logger({
  serviceName: 'switchboard',
  jsonReplacerFn: (key: string, value: unknown) =>
    typeof value === 'string' && key !== 'timestamp' ? redact(value) : value,
});

/**
 * Whether a DEBUG line would be written: for hot paths, since Powertools reads the environment
 * (the X-Ray trace id) for every line, even one its level drops.
 */
export const debugEnabled = (): boolean => logger.level <= LogLevelThreshold.DEBUG;

// A run of 9+ digits with phone punctuation, not inside a longer word (hashes, ids).
const PHONE_LIKE = /(?<![\w+])\+?\d[\d\s().-]{8,}\d(?!\w)/g;
const ISO_DATE_START = /^\d{4}-\d{2}-\d{2}/;
// Tried only where a run of address characters starts (the lookbehind): from inside a run it
// fails at once, so a long run without an address costs one pass, not one pass per position.
const EMAIL_LIKE = /(?<![^\s@"'<>])[^\s@"'<>]+@[^\s@"'<>]+\.[a-z]{2,}/gi;

// A UUID (a lead id): its dashed runs of digits (`…-3390-8382-8998-…`) are not a phone.
const UUID_LIKE = /(?<![\w-])[\da-fA-F]{8}(?:-[\da-fA-F]{4}){3}-[\da-fA-F]{12}(?![\w-])/g;

/** The patterns every log line is searched with (a unit test checks they run in linear time). */
export const REDACTION_PATTERNS: readonly RegExp[] = [PHONE_LIKE, EMAIL_LIKE, UUID_LIKE];

const maskPhones = (text: string): string =>
  text.replace(PHONE_LIKE, (phone) => {
    const digits = phone.replace(/\D/g, '');
    if (digits.length < 9 || ISO_DATE_START.test(phone)) return phone;
    return `${phone.startsWith('+') ? '+' : ''}***${digits.slice(-2)}`;
  });

/**
 * Masks anything that looks like a phone number or an e-mail address inside a string; the
 * UUIDs in it (lead ids) are left whole, the phone pattern is run only on the text between them.
 */
export const redact = (text: string): string => {
  const masked = text.replace(EMAIL_LIKE, (email) => `${email[0]}***@***`);
  let out = '';
  let from = 0;
  for (const uuid of masked.matchAll(UUID_LIKE)) {
    out += maskPhones(masked.slice(from, uuid.index)) + uuid[0];
    from = uuid.index + uuid[0].length;
  }
  return out + maskPhones(masked.slice(from));
};

/** An error as logs may show it: name and message only (SDK errors can carry request details). */
export const errorSummary = (error: unknown): { name: string; message: string } =>
  error instanceof Error
    ? { name: error.name, message: error.message.slice(0, 300) }
    : { name: 'unknown', message: String(error).slice(0, 300) };
