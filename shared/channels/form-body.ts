import type { FormFields } from './forms';
import type { Issue } from './types';

export type BodyResult =
  | { readonly ok: true; readonly fields: FormFields }
  | {
      readonly ok: false;
      /** 415: a content type no form posts; 400: a body that is not what its type says. */
      readonly status: 400 | 415;
      readonly issues: readonly Issue[];
    };

/** Field names longer than this stop the flattening: the value below is kept as JSON. */
const MAX_FLAT_NAME = 200;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a form post into field → values, whatever the encoding: JSON (from fetch, builders),
 * urlencoded (HTML forms, Tilda, Elementor), multipart (forms with file inputs; a file is kept
 * as its descriptor — name, type, size — never its content), or text/plain carrying either (fetch without a preflight). Nested JSON is flattened to
 * PHP-style names (`payment[products][0][name]`), as the same builders post it urlencoded;
 * nothing is refused for its shape.
 */
export const readFormBody = async (
  bytes: Uint8Array,
  contentTypeHeader: string | undefined,
): Promise<BodyResult> => {
  const type = (contentTypeHeader ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'multipart/form-data') {
    try {
      const form = await new Response(bytes.slice(), {
        headers: { 'content-type': contentTypeHeader ?? '' },
      }).formData();
      return fromMultipart(form);
    } catch {
      return unreadable('the multipart body could not be read');
    }
  }
  if (
    type !== 'application/json' &&
    type !== 'application/x-www-form-urlencoded' &&
    type !== 'text/plain'
  ) {
    return {
      ok: false,
      status: 415,
      issues: [{ path: 'content-type', message: `forms are not posted as ${type || 'nothing'}` }],
    };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return unreadable('the body is not UTF-8');
  }
  if (type === 'application/json') return fromJson(text);
  if (type === 'application/x-www-form-urlencoded') return fromUrlEncoded(text);
  return text.trimStart().startsWith('{') ? fromJson(text) : fromUrlEncoded(text);
};

const unreadable = (message: string): BodyResult => ({
  ok: false,
  status: 400,
  issues: [{ path: '', message }],
});

const fromUrlEncoded = (text: string): BodyResult => {
  const fields = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(text)) append(fields, name, value);
  return { ok: true, fields };
};

/** A file name kept at most this long (a descriptor, not a place for text). */
const MAX_FILE_NAME = 200;

/**
 * A file part as a field value: what it is, never its content (a CV, a photo: the manager sees
 * that one came and asks for it), as JSON — `{"file":"cv.pdf","contentType":"application/pdf",
 * "bytes":48213}` — under the part's name (Contact Form 7's `file-cv`).
 */
const fileDescriptor = (file: {
  readonly name: string;
  readonly type: string;
  readonly size: number;
}): string =>
  JSON.stringify({
    file:
      file.name.length <= MAX_FILE_NAME ? file.name : `${file.name.slice(0, MAX_FILE_NAME - 1)}…`,
    contentType: file.type || 'application/octet-stream',
    bytes: file.size,
  });

const fromMultipart = (form: FormData): BodyResult => {
  const fields = new Map<string, string[]>();
  for (const [name, value] of form) {
    if (typeof value === 'string') append(fields, name, value);
    // An optional file input left empty still comes as a part (no file name, no bytes): no file.
    else if (value.name !== '' || value.size > 0) append(fields, name, fileDescriptor(value));
  }
  return { ok: true, fields };
};

const fromJson = (text: string): BodyResult => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return unreadable('the body is not valid JSON');
  }
  if (!isObject(value)) return unreadable('the body is not a JSON object');
  return { ok: true, fields: flattenJson(value) };
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * A JSON object as form fields: scalars as they are, lists of scalars as repeated values, nested
 * objects and lists of objects under `a[b]` / `a[0][b]` names. Where a name would grow past
 * MAX_FLAT_NAME, the value below it is kept as JSON text. (The body limit bounds the count;
 * parseFormSubmission caps what it keeps.)
 */
const flattenJson = (object: Record<string, unknown>): Map<string, string[]> => {
  const fields = new Map<string, string[]>();
  const visit = (value: unknown, name: string): void => {
    if (value === null || value === undefined) return;
    if (isScalar(value)) {
      append(fields, name, String(value));
      return;
    }
    if (Array.isArray(value) && value.every(isScalar)) {
      for (const item of value) append(fields, name, String(item));
      return;
    }
    const entries: [string, unknown][] = Array.isArray(value)
      ? value.map((item, index) => [String(index), item])
      : Object.entries(value as Record<string, unknown>);
    if (entries.some(([key]) => `${name}[${key}]`.length > MAX_FLAT_NAME)) {
      append(fields, name, JSON.stringify(value));
      return;
    }
    for (const [key, inner] of entries) visit(inner, `${name}[${key}]`);
  };
  for (const [key, value] of Object.entries(object)) {
    if (key.length <= MAX_FLAT_NAME) visit(value, key);
    else {
      const name = `${key.slice(0, MAX_FLAT_NAME - 1)}…`;
      visit(isScalar(value) ? value : JSON.stringify(value), name);
    }
  }
  return fields;
};

const append = (fields: Map<string, string[]>, name: string, value: string): void => {
  const list = fields.get(name);
  if (list) list.push(value);
  else fields.set(name, [value]);
};
