import { sha256Hex } from '../crypto';
import { normalizeEmail } from '../domain/email';
import type { LeadEvent } from '../domain/messages';
import { toE164 } from '../domain/phone';
import type { Utm } from '../domain/types';
import type { Issue } from './types';

/** A form body as received: each field name with its values in order (repeats kept). */
export type FormFields = ReadonlyMap<string, readonly string[]>;

export type FormContext = {
  readonly siteKey: string;
  readonly receivedAt: Date;
  readonly defaultCountry: string;
  /** The browser's Referer header, when the post came from a page. */
  readonly referer?: string | undefined;
  /** An Idempotency-Key header, when the sender gives one. */
  readonly idempotencyKey?: string | undefined;
  /**
   * Only a browser's word (an allowed Origin) authenticated the post: its ids live apart from
   * the site's verified posts, so a forged post cannot take a real order's or submission's id
   * first and have the real one dropped as its repeat.
   */
  readonly unverified?: boolean | undefined;
};

export type FormParseResult =
  | { readonly kind: 'ping' }
  | { readonly kind: 'lead'; readonly event: LeadEvent }
  | { readonly kind: 'invalid'; readonly issues: readonly Issue[] };

/** Repeats of the same submission id are the same lead for this long. */
export const EXPLICIT_ID_WINDOW_SECONDS = 8 * 86_400;
/** Without an id, an identical body within a day is a retry of the same submission. */
export const CONTENT_HASH_WINDOW_SECONDS = 86_400;

export const MAX_FIELDS = 100;
const MAX_NAME = 200;
const MAX_TEXT = 10_000;
const MAX_VALUE = 10_000;
const MAX_MORE_VALUE = 2_000;
const MAX_FIELD_NAME = 200;
const MAX_ATTRIBUTION = 500;
const MAX_FORM_ID = 200;
const MAX_URL = 2_000;

/** Field names (lower-case) per meaning: plain HTML, Tilda, Elementor, Contact Form 7. */
const ALIASES = {
  name: ['name', 'fio', 'full_name', 'fullname', 'your-name', 'имя'],
  phone: ['phone', 'tel', 'telephone', 'phone_number', 'your-phone', 'your-tel', 'телефон'],
  email: ['email', 'e-mail', 'mail', 'your-email'],
  text: ['message', 'comment', 'comments', 'your-message', 'question', 'text', 'сообщение'],
  page: ['page', 'page_url', 'pageurl', 'source_url', 'url'],
  referer: ['referer', 'referrer'],
  formId: ['formid', 'form_id', 'form[id]', 'formname', 'form_name', 'form[name]'],
  /** A Tilda cart order's number: the submission id of cart orders (payment.orderid). */
  orderId: ['payment[orderid]'],
  submissionId: ['tranid'],
} as const;

/** Where no field name matches: a value that looks like nothing but a phone number. */
const PHONE_SHAPED = /^\+?[\d\s().-]{7,25}$/;
/** …or like an e-mail address. */
const EMAIL_SHAPED = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Fields beyond the first MAX_FIELDS are kept together, as JSON, in this one. */
export const MORE_FIELD = '_more';

/** Text cut to a length, with a marker that it was cut (never refused for its length). */
export const truncate = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

const UTM_FIELDS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'] as const;

/** Never kept: credentials, captcha tokens, builders' internals, prototype-shaped names. */
export const isDroppedField = (name: string): boolean => {
  const lower = name.toLowerCase();
  return (
    lower === 'token' ||
    lower === '__proto__' ||
    lower === 'constructor' ||
    lower === 'prototype' ||
    lower === 'g-recaptcha-response' ||
    lower === 'smart-token' ||
    lower.startsWith('_wpcf7')
  );
};

/** Elementor's "advanced data": fields[<id>][value] → <id>, meta[page_url][value] → page_url. */
const canonicalName = (name: string): string => {
  const advanced = /^(?:fields|meta)\[([^\]]{1,100})\]\[(?:value|raw_value)\]$/.exec(name);
  return advanced?.[1] ?? name;
};

const isElementorNoise = (name: string): boolean =>
  /^(?:fields|meta)\[[^\]]+\]\[(?!value\]$|raw_value\]$)[^\]]+\]$/.test(name);

/**
 * Turns a submitted form into a normalized lead event, a Tilda test ping, or the list of what
 * is wrong with it. A lead needs a valid phone or a valid e-mail; an invalid one beside a valid
 * other is kept, as typed, among the fields for the manager to see.
 */
export const parseFormSubmission = (raw: FormFields, context: FormContext): FormParseResult => {
  const issues: Issue[] = [];
  const fields = new Map<string, string[]>();
  for (const [rawName, values] of raw) {
    if (isDroppedField(rawName) || isElementorNoise(rawName)) continue;
    const name = truncate(canonicalName(rawName).trim(), MAX_FIELD_NAME);
    if (name === '') continue;
    const list = fields.get(name) ?? [];
    for (const value of values) list.push(truncate(value, MAX_VALUE));
    fields.set(name, list);
  }

  if (fields.size === 1 && first(fields, ['test']) === 'test') return { kind: 'ping' };

  const lower = new Map<string, string>();
  for (const name of fields.keys()) {
    const key = name.toLowerCase();
    if (!lower.has(key)) lower.set(key, name);
  }
  // The fields a value was taken from, with that value: their other values stay among the fields.
  const used = new Map<string, string>();
  /** The first non-empty value of the first field named by an alias, left among the fields. */
  const peek = (aliases: readonly string[]): string | undefined => {
    for (const alias of aliases) {
      const name = lower.get(alias);
      const value = name ? fields.get(name)?.find((v) => v.trim() !== '') : undefined;
      if (value !== undefined) return value.trim();
    }
    return undefined;
  };
  const take = (aliases: readonly string[]): string | undefined => {
    for (const alias of aliases) {
      const name = lower.get(alias);
      const value = name ? fields.get(name)?.find((v) => v.trim() !== '') : undefined;
      if (name && value !== undefined) {
        used.set(name, value);
        return value.trim();
      }
    }
    return undefined;
  };

  const name = cut(take(ALIASES.name), MAX_NAME);
  let phoneInput = take(ALIASES.phone);
  let emailInput = take(ALIASES.email);
  if (phoneInput === undefined && emailInput === undefined) {
    // No field is named like a phone or an e-mail: a value shaped like one, in any field.
    const shaped = (test: (value: string) => boolean): string | undefined => {
      for (const [fieldName, values] of fields) {
        if (used.has(fieldName)) continue;
        const value = values.find((v) => test(v.trim()));
        if (value !== undefined) {
          used.set(fieldName, value);
          return value.trim();
        }
      }
      return undefined;
    };
    phoneInput = shaped((v) => PHONE_SHAPED.test(v) && toE164(v, context.defaultCountry).ok);
    emailInput = shaped((v) => EMAIL_SHAPED.test(v) && normalizeEmail(v).ok);
  }
  const text = cut(take(ALIASES.text), MAX_TEXT);
  const page = cut(take(ALIASES.page), MAX_URL);
  const referer = cut(take(ALIASES.referer) ?? context.referer, MAX_URL);
  const formId = cut(take(ALIASES.formId), MAX_FORM_ID);
  // The order number of a Tilda cart order, else the submission id (Tilda's tranid).
  const orderId = cut(peek(ALIASES.orderId) ?? orderIdInJson(fields), 200);
  const submissionId = cut(take(ALIASES.submissionId), 200);
  const utmEntries = UTM_FIELDS.map((field) => [field.slice(4), take([field])] as const).filter(
    (entry): entry is readonly [string, string] => entry[1] !== undefined,
  );

  const phone = phoneInput === undefined ? undefined : toE164(phoneInput, context.defaultCountry);
  const email = emailInput === undefined ? undefined : normalizeEmail(emailInput);
  const validPhone = phone?.ok ? phone.e164 : undefined;
  const validEmail = email?.ok ? email.email : undefined;

  if (!validPhone && !validEmail) {
    if (phone && !phone.ok) issues.push({ path: 'phone', message: 'not a valid phone number' });
    if (email && !email.ok) issues.push({ path: 'email', message: 'not a valid e-mail address' });
    if (!phone && !email) {
      issues.push({ path: 'phone', message: 'a phone number or an e-mail address is required' });
    }
    return { kind: 'invalid', issues };
  }

  // What the visitor typed but we could not use as an identity stays visible to the manager.
  // So does a phone's extension (доб. 12), which E.164 has no place for: the field as typed.
  const fieldOf = (input: string | undefined) =>
    [...used].find(([, value]) => value.trim() === input)?.[0] ?? '';
  if (phone && (!phone.ok || phone.ext) && phoneInput) used.delete(fieldOf(phoneInput));
  if (email && !email.ok && emailInput) used.delete(fieldOf(emailInput));

  // Everything else is kept for the manager: the first MAX_FIELDS fields as they are, the rest
  // together as JSON in one more field, cut with a marker if it is long.
  const extra: Record<string, string | string[]> = Object.create(null);
  const more: Record<string, string | string[]> = Object.create(null);
  let kept = 0;
  for (const [fieldName, all] of fields) {
    const values = used.has(fieldName) ? rest(all, used.get(fieldName)) : all;
    if (values.length === 0) continue;
    const value = values.length === 1 ? (values[0] ?? '') : values.slice(0, 50);
    if (kept < MAX_FIELDS - 1 && fieldName !== MORE_FIELD) {
      extra[fieldName] = value;
      kept++;
    } else more[fieldName] = value;
  }
  if (Object.keys(more).length > 0) extra[MORE_FIELD] = packMore(more);

  const ids = `form:${context.siteKey}${context.unverified ? ':browser' : ''}`;
  const eventId = orderId
    ? `${ids}:order:${orderId}`
    : submissionId
      ? `${ids}:tranid:${submissionId}`
      : context.idempotencyKey
        ? `${ids}:key:${truncate(context.idempotencyKey, 200)}`
        : `${ids}:sha256:${sha256Hex(canonicalBody(raw))}`;

  const utm: Utm | undefined =
    utmEntries.length > 0
      ? Object.fromEntries(utmEntries.map(([k, v]) => [k, truncate(v, MAX_ATTRIBUTION)]))
      : undefined;

  return {
    kind: 'lead',
    event: {
      kind: 'lead',
      eventId,
      channel: 'form',
      receivedAt: context.receivedAt.toISOString(),
      dedupeWindowSeconds:
        orderId || submissionId || context.idempotencyKey
          ? EXPLICIT_ID_WINDOW_SECONDS
          : CONTENT_HASH_WINDOW_SECONDS,
      source: {
        siteKey: context.siteKey,
        ...(formId ? { formId } : {}),
        ...(page ? { page } : {}),
        ...(referer ? { referer } : {}),
      },
      contact: {
        ...(name ? { name } : {}),
        ...(validPhone ? { phone: validPhone } : {}),
        ...(validEmail ? { email: validEmail } : {}),
      },
      ...(text ? { text } : {}),
      ...(utm ? { utm } : {}),
      ...(Object.keys(extra).length > 0 ? { fields: extra } : {}),
    },
  };
};

/**
 * Fields past the first MAX_FIELDS as one JSON object within MAX_VALUE characters: values cut
 * to MAX_MORE_VALUE, and what does not fit named by a count, so the JSON stays readable.
 */
const packMore = (more: Record<string, string | string[]>): string => {
  const packed: Record<string, string | string[]> = Object.create(null);
  let length = 2;
  let left = 0;
  for (const [name, value] of Object.entries(more)) {
    const short =
      typeof value === 'string'
        ? truncate(value, MAX_MORE_VALUE)
        : value.map((v) => truncate(v, MAX_MORE_VALUE));
    const size = JSON.stringify(name).length + JSON.stringify(short).length + 2;
    if (length + size > MAX_VALUE - 50) left++;
    else {
      packed[name] = short;
      length += size;
    }
  }
  if (left > 0) packed['…'] = `${left} more field(s) not kept`;
  return JSON.stringify(packed);
};

const cut = (text: string | undefined, max: number): string | undefined =>
  text === undefined ? undefined : truncate(text, max);

/** Tilda may send a cart's `payment` as JSON text in one field: its `orderid`, if so. */
const orderIdInJson = (fields: ReadonlyMap<string, readonly string[]>): string | undefined => {
  const payment = [...fields].find(([name]) => name.toLowerCase() === 'payment')?.[1][0];
  if (!payment?.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(payment);
    const orderId =
      value && typeof value === 'object' ? (value as { orderid?: unknown }).orderid : undefined;
    return typeof orderId === 'string' || typeof orderId === 'number'
      ? String(orderId).trim() || undefined
      : undefined;
  } catch {
    return undefined;
  }
};

const first = (fields: ReadonlyMap<string, readonly string[]>, names: readonly string[]) => {
  for (const name of names) {
    const value = fields.get(name)?.[0];
    if (value !== undefined) return value;
  }
  return undefined;
};

/** The body in a canonical form, so that a retry hashes to the same id. */
const canonicalBody = (fields: FormFields): string =>
  JSON.stringify(
    [...fields.entries()]
      .filter(([name]) => !isDroppedField(name))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );

/** A repeated field's values besides the one taken (a second name, a second phone), non-empty. */
const rest = (values: readonly string[], taken: string | undefined): string[] => {
  const at = taken === undefined ? -1 : values.indexOf(taken);
  return values.filter((value, i) => i !== at && value.trim() !== '');
};
