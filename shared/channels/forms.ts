import { createHash } from 'node:crypto';
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
const MAX_FIELD_NAME = 200;
const MAX_ATTRIBUTION = 500;
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
  submissionId: ['tranid'],
} as const;

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

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

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
    const name = canonicalName(rawName).trim();
    if (name === '') continue;
    if (name.length > MAX_FIELD_NAME) {
      issues.push({
        path: name.slice(0, 40),
        message: `field names are at most ${MAX_FIELD_NAME} characters`,
      });
      continue;
    }
    const list = fields.get(name) ?? [];
    for (const value of values) list.push(value.slice(0, MAX_VALUE));
    fields.set(name, list);
  }
  if (fields.size > MAX_FIELDS) {
    issues.push({ path: '', message: `a form has at most ${MAX_FIELDS} fields` });
  }
  if (issues.length > 0) return { kind: 'invalid', issues };

  if (fields.size === 1 && first(fields, ['test']) === 'test') return { kind: 'ping' };

  const lower = new Map<string, string>();
  for (const name of fields.keys()) {
    const key = name.toLowerCase();
    if (!lower.has(key)) lower.set(key, name);
  }
  const used = new Set<string>();
  const take = (aliases: readonly string[]): string | undefined => {
    for (const alias of aliases) {
      const name = lower.get(alias);
      const value = name ? fields.get(name)?.find((v) => v.trim() !== '') : undefined;
      if (name && value !== undefined) {
        used.add(name);
        return value.trim();
      }
    }
    return undefined;
  };

  const name = take(ALIASES.name)?.slice(0, MAX_NAME);
  const phoneInput = take(ALIASES.phone);
  const emailInput = take(ALIASES.email);
  const text = take(ALIASES.text)?.slice(0, MAX_TEXT);
  const page = take(ALIASES.page)?.slice(0, MAX_URL);
  const referer = (take(ALIASES.referer) ?? context.referer)?.slice(0, MAX_URL);
  const formId = take(ALIASES.formId)?.slice(0, MAX_ATTRIBUTION);
  const submissionId = take(ALIASES.submissionId)?.slice(0, 200);
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
  if (phone && !phone.ok && phoneInput) used.delete(lower.get('phone') ?? '');
  if (email && !email.ok && emailInput) used.delete(lower.get('email') ?? '');

  const extra: Record<string, string | string[]> = {};
  for (const [fieldName, values] of fields) {
    if (used.has(fieldName)) continue;
    extra[fieldName] = values.length === 1 ? (values[0] ?? '') : values.slice(0, 50);
  }

  const eventId = submissionId
    ? `form:${context.siteKey}:tranid:${submissionId}`
    : context.idempotencyKey
      ? `form:${context.siteKey}:key:${context.idempotencyKey.slice(0, 200)}`
      : `form:${context.siteKey}:sha256:${sha256(canonicalBody(raw))}`;

  const utm: Utm | undefined =
    utmEntries.length > 0
      ? Object.fromEntries(utmEntries.map(([k, v]) => [k, v.slice(0, MAX_ATTRIBUTION)]))
      : undefined;

  return {
    kind: 'lead',
    event: {
      kind: 'lead',
      eventId,
      channel: 'form',
      receivedAt: context.receivedAt.toISOString(),
      dedupeWindowSeconds:
        submissionId || context.idempotencyKey
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
