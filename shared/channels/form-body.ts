import {
  append,
  CHARSET_FIELD,
  contentTypeParameter,
  type Decoded,
  decoderFor,
  type FilePart,
  mentionsCharset,
  readMultipartBytes,
  readUrlEncodedBytes,
  UNKNOWN_CHARSET,
  utf8,
} from './form-charsets';
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

/**
 * Reads a form post into field → values, whatever the encoding: JSON (from fetch, builders),
 * urlencoded (HTML forms, Tilda, Elementor), multipart (forms with file inputs; a file is kept
 * as its descriptor — name, type, size — never its content), or text/plain carrying either (fetch without a preflight). Nested JSON is flattened to
 * PHP-style names (`payment[products][0][name]`), as the same builders post it urlencoded;
 * nothing is refused for its shape.
 *
 * Whatever the charset: a `charset` the content type declares is honoured (bytes it cannot
 * read: unreadable; a label no decoder knows: unreadable); a form (urlencoded, multipart) also
 * by its `_charset_` field; an undeclared form whose bytes are not UTF-8 is read as
 * windows-1251 (form-charsets.ts) — never a U+FFFD in place of a client's words. JSON
 * undeclared is UTF-8.
 */
export const readFormBody = async (
  bytes: Uint8Array,
  contentTypeHeader: string | undefined,
): Promise<BodyResult> => {
  const type = (contentTypeHeader ?? '').split(';')[0]?.trim().toLowerCase();
  if (
    type !== 'multipart/form-data' &&
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
  const charset = contentTypeParameter(contentTypeHeader, 'charset');
  const declared = charset === undefined ? undefined : decoderFor(charset);
  if (charset !== undefined && !declared) {
    return unreadable(UNKNOWN_CHARSET, 'content-type');
  }
  if (type === 'multipart/form-data') return fromMultipart(bytes, contentTypeHeader, declared);
  // The UTF-8 reading first, as ever: anything else only where it would not do.
  const legacyDeclared = declared !== undefined && declared.encoding !== 'utf-8';
  let text: string | undefined;
  try {
    text = (declared ?? utf8).decode(bytes);
  } catch {
    text = undefined;
  }
  const json =
    type === 'application/json' ||
    (type === 'text/plain' && (text === undefined ? startsWithBrace(bytes) : startsJson(text)));
  if (json) {
    return text === undefined
      ? unreadable(`the body is not ${declared?.encoding ?? 'UTF-8'}`)
      : fromJson(text);
  }
  return fromUrlEncoded(bytes, legacyDeclared ? undefined : text, declared);
};

const startsJson = (text: string): boolean => text.trimStart().startsWith('{');

/** Whether bytes that are no text in their charset would start with `{` (JSON: not a form). */
const startsWithBrace = (bytes: Uint8Array): boolean => {
  for (const byte of bytes) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return byte === 0x7b;
  }
  return false;
};

const unreadable = (message: string, path = ''): BodyResult => ({
  ok: false,
  status: 400,
  issues: [{ path, message }],
});

const fromDecoded = (decoded: Decoded): BodyResult =>
  decoded.ok ? { ok: true, fields: decoded.fields } : unreadable(decoded.message, decoded.path);

/** A UTF-8 reading that may have lost bytes to U+FFFD (or met one sent as such: read again). */
const REPLACED = '\uFFFD';

/**
 * Urlencoded: URLSearchParams over the UTF-8 text, as ever, when it is all there is to it;
 * byte by byte (form-charsets.ts) when a charset other than UTF-8 is declared, when the body
 * is not UTF-8 text, when a %-escape decoded to something not UTF-8 (URLSearchParams puts a
 * U+FFFD in its place) or when a `_charset_` field names another charset.
 */
const fromUrlEncoded = (
  bytes: Uint8Array,
  text: string | undefined,
  declared: TextDecoder | undefined,
): BodyResult => {
  if (text !== undefined) {
    const fields = new Map<string, string[]>();
    let replaced = false;
    for (const [name, value] of new URLSearchParams(text)) {
      if (name.includes(REPLACED) || value.includes(REPLACED)) replaced = true;
      append(fields, name, value);
    }
    const named = declared ? undefined : fields.get(CHARSET_FIELD)?.[0];
    if (!replaced && (named === undefined || decoderFor(named)?.encoding === 'utf-8')) {
      return { ok: true, fields };
    }
  }
  return fromDecoded(readUrlEncodedBytes(bytes, declared));
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

/** An optional file input left empty still comes as a part (no file name, no bytes): no file. */
const fileValue = (file: FilePart): string | undefined =>
  file.name !== '' || file.size > 0 ? fileDescriptor(file) : undefined;

/**
 * Multipart: undici's reading (UTF-8), as ever, unless a charset other than UTF-8 is declared
 * or may be (a part's Content-Type, a `_charset_` part) or a U+FFFD shows bytes that were not
 * UTF-8: then byte by byte (form-charsets.ts).
 */
const fromMultipart = async (
  bytes: Uint8Array,
  contentTypeHeader: string | undefined,
  declared: TextDecoder | undefined,
): Promise<BodyResult> => {
  let form: FormData;
  try {
    form = await new Response(bytes.slice(), {
      headers: { 'content-type': contentTypeHeader ?? '' },
    }).formData();
  } catch {
    return unreadable('the multipart body could not be read');
  }
  const fields = new Map<string, string[]>();
  let replaced = false;
  for (const [name, value] of form) {
    const text = typeof value === 'string' ? value : value.name;
    if (name.includes(REPLACED) || text.includes(REPLACED)) replaced = true;
    const kept = typeof value === 'string' ? value : fileValue(value);
    if (kept !== undefined) append(fields, name, kept);
  }
  const needsBytes =
    replaced ||
    (declared !== undefined && declared.encoding !== 'utf-8') ||
    fields.has(CHARSET_FIELD) ||
    mentionsCharset(bytes);
  if (!needsBytes) return { ok: true, fields };
  return fromDecoded(readMultipartBytes(bytes, contentTypeHeader, declared, fileValue));
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
