import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneResult =
  | { readonly ok: true; readonly e164: string; readonly country?: string; readonly ext?: string }
  | { readonly ok: false; readonly reason: 'empty' | 'too_long' | 'not_a_number' | 'invalid' };

/** Longer than any phone number anyone types, with separators and an extension. */
const MAX_INPUT_LENGTH = 64;

/**
 * Normalizes a phone number as people type it ("8 (999) 123-45-67", "+7 999 123 45 67",
 * "79991234567", WhatsApp's bare digits) to E.164. Uses the full ("max") metadata so that a
 * number with a digit missing is rejected, not merely "possible".
 */
export const toE164 = (input: string, defaultCountry: string): PhoneResult => {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  if (trimmed.length > MAX_INPUT_LENGTH) return { ok: false, reason: 'too_long' };
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry as CountryCode);
  if (!parsed) return { ok: false, reason: 'not_a_number' };
  if (!parsed.isValid()) return { ok: false, reason: 'invalid' };
  return {
    ok: true,
    e164: parsed.number,
    ...(parsed.country ? { country: parsed.country } : {}),
    ...(parsed.ext ? { ext: parsed.ext } : {}),
  };
};

/**
 * Digits a messenger hands over as a phone (WhatsApp `wa_id`, a Telegram shared contact):
 * international digits without "+". Tried as international first, then as national input.
 */
export const messengerPhoneToE164 = (digits: string, defaultCountry: string): PhoneResult => {
  const clean = digits.trim();
  if (/^\d{8,15}$/.test(clean)) {
    const international = toE164(`+${clean}`, defaultCountry);
    if (international.ok) return international;
  }
  return toE164(clean, defaultCountry);
};
