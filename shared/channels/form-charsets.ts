/**
 * Forms in the charset they were posted in. A page in a legacy charset (windows-1251, koi8-r)
 * posts its form in that charset — %-escaped for urlencoded, raw in multipart parts — and
 * browsers name the charset nowhere, unless the form carries a `_charset_` field. These helpers
 * read such bodies byte by byte; `readFormBody` calls them only when the UTF-8 reading would
 * not do (a declared charset, a `_charset_` field, bytes that are not UTF-8), so that an
 * ordinary post costs what it did.
 */

/**
 * What an undeclared form whose bytes are not UTF-8 is read as: the legacy charset of the
 * Russian-speaking web this product serves (it decodes any byte: never a U+FFFD). A site in
 * another legacy charset declares it (`; charset=…` or a `_charset_` field).
 */
const LEGACY_CHARSET = 'windows-1251';

/** The `_charset_` field a browser fills with the form's encoding (HTML, RFC 7578 §4.6). */
export const CHARSET_FIELD = '_charset_';

/** The decoders made so far, by label; only labels TextDecoder knows (a bounded list). */
const decoders = new Map<string, TextDecoder>();

/**
 * A fatal decoder for a charset label (`windows-1251`, `cp1251`, `koi8-r`, `utf-8`,
 * `iso-8859-1`, …: the WHATWG Encoding labels), or undefined for a label it does not know.
 */
export const decoderFor = (label: string): TextDecoder | undefined => {
  const key = label.trim().toLowerCase();
  const known = decoders.get(key);
  if (known) return known;
  try {
    const decoder = new TextDecoder(key, { fatal: true });
    decoders.set(key, decoder);
    return decoder;
  } catch {
    return undefined;
  }
};

/** The strict UTF-8 decoder every form reading starts with. */
export const utf8 = decoderFor('utf-8') as TextDecoder;
const legacy = decoderFor(LEGACY_CHARSET) as TextDecoder;

/** A parameter of a Content-Type (`charset`, `boundary`), unquoted; undefined when absent. */
export const contentTypeParameter = (
  header: string | undefined,
  parameter: string,
): string | undefined => {
  if (!header) return undefined;
  const parts = header.split(';');
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i] as string;
    const equals = part.indexOf('=');
    if (equals === -1 || part.slice(0, equals).trim().toLowerCase() !== parameter) continue;
    const value = part.slice(equals + 1).trim();
    return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
      ? value.slice(1, -1)
      : value;
  }
  return undefined;
};

export type Decoded =
  | { readonly ok: true; readonly fields: Map<string, string[]> }
  | { readonly ok: false; readonly path: string; readonly message: string };

const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Bytes as the characters of the same codes (ASCII names, labels and headers). */
const ascii = (bytes: Uint8Array): string => asBuffer(bytes).toString('latin1');

const isHex = (byte: number | undefined): boolean =>
  byte !== undefined &&
  ((byte >= 0x30 && byte <= 0x39) ||
    (byte >= 0x41 && byte <= 0x46) ||
    (byte >= 0x61 && byte <= 0x66));

const hexValue = (byte: number): number =>
  byte <= 0x39 ? byte - 0x30 : byte <= 0x46 ? byte - 0x41 + 10 : byte - 0x61 + 10;

/** One urlencoded name or value as bytes: `+` a space, then `%XX` its byte (WHATWG URL). */
const percentDecode = (bytes: Uint8Array, start: number, end: number): Uint8Array => {
  const out = new Uint8Array(end - start);
  let length = 0;
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number;
    if (byte === 0x25 && i + 2 < end && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
      out[length++] = hexValue(bytes[i + 1] as number) * 16 + hexValue(bytes[i + 2] as number);
      i += 2;
    } else out[length++] = byte === 0x2b ? 0x20 : byte;
  }
  return out.subarray(0, length);
};

/**
 * An urlencoded body split as URLSearchParams splits it (a leading `?` dropped, `&` between
 * pairs, the first `=` between name and value), each name and value as its bytes.
 */
const urlEncodedPairs = (bytes: Uint8Array): [Uint8Array, Uint8Array][] => {
  const pairs: [Uint8Array, Uint8Array][] = [];
  let start = bytes[0] === 0x3f ? 1 : 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x26, start);
    if (end === -1) end = bytes.length;
    if (end > start) {
      let equals = bytes.indexOf(0x3d, start);
      if (equals === -1 || equals > end) equals = end;
      pairs.push([
        percentDecode(bytes, start, equals),
        percentDecode(bytes, Math.min(equals + 1, end), end),
      ]);
    }
    start = end + 1;
  }
  return pairs;
};

/**
 * Pieces of one form decoded in one charset: the declared one (bytes it cannot read: failure);
 * undeclared, UTF-8 when every piece is UTF-8, otherwise every piece in LEGACY_CHARSET (a page
 * posts in one charset: a cp1251 word that happens to be valid UTF-8 is still cp1251).
 */
const decodeAll = (
  pieces: readonly Uint8Array[],
  declared: TextDecoder | undefined,
): string[] | undefined => {
  const decoder = declared ?? utf8;
  try {
    return pieces.map((piece) => decoder.decode(piece));
  } catch {
    return declared ? undefined : pieces.map((piece) => legacy.decode(piece));
  }
};

const notIn = (decoder: TextDecoder, path = ''): Decoded => ({
  ok: false,
  path,
  message: `the body is not ${decoder.encoding}`,
});

export const UNKNOWN_CHARSET = 'the declared charset is not one that can be read';

const unknownCharset = (path: string): Decoded => ({ ok: false, path, message: UNKNOWN_CHARSET });

/** Adds a field's value after those it has (a form's fields repeat). */
export const append = (fields: Map<string, string[]>, name: string, value: string): void => {
  const list = fields.get(name);
  if (list) list.push(value);
  else fields.set(name, [value]);
};

/**
 * An urlencoded body read byte by byte: in the declared charset, else in the one its
 * `_charset_` field names, else UTF-8 if it is UTF-8, else LEGACY_CHARSET.
 */
export const readUrlEncodedBytes = (
  bytes: Uint8Array,
  declared: TextDecoder | undefined,
): Decoded => {
  const pairs = urlEncodedPairs(bytes);
  let decoder = declared;
  if (!decoder) {
    const named = pairs.find(([name]) => ascii(name) === CHARSET_FIELD);
    if (named) {
      decoder = decoderFor(ascii(named[1]));
      if (!decoder) return unknownCharset(CHARSET_FIELD);
    }
  }
  const decoded = decodeAll(pairs.flat(), decoder);
  if (!decoded) return notIn(decoder as TextDecoder);
  const fields = new Map<string, string[]>();
  for (let i = 0; i < decoded.length; i += 2) {
    append(fields, decoded[i] as string, decoded[i + 1] as string);
  }
  return { ok: true, fields };
};

/** A multipart part as its bytes: name and file name still undecoded. */
type Part = {
  readonly name: Uint8Array;
  readonly filename: Uint8Array | undefined;
  readonly contentType: string | undefined;
  readonly body: Uint8Array;
};

const isCrlf = (bytes: Uint8Array, at: number): boolean =>
  bytes[at] === 0x0d && bytes[at + 1] === 0x0a;
const startsWith = (bytes: Uint8Array, prefix: Uint8Array, at: number): boolean =>
  prefix.every((byte, i) => bytes[at + i] === byte);
const DISPOSITION = Buffer.from('form-data; name="');
const FILENAME = Buffer.from('; filename');

/** A quoted name from `at` (after its opening quote) to its closing one; undefined if none. */
const quoted = (bytes: Uint8Array, at: number): [Uint8Array, number] | undefined => {
  let end = at;
  while (end < bytes.length && bytes[end] !== 0x22 && bytes[end] !== 0x0a && bytes[end] !== 0x0d)
    end++;
  return bytes[end] === 0x22 ? [bytes.subarray(at, end), end + 1] : undefined;
};

/**
 * A multipart/form-data body as its parts, bytes kept, as the WHATWG (undici) parser reads it;
 * undefined where that parser fails too.
 */
const multipartParts = (bytes: Uint8Array, boundary: string): Part[] | undefined => {
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  let end = bytes.length;
  while (end >= 2 && isCrlf(bytes, end - 2)) end -= 2;
  const input = asBuffer(bytes).subarray(0, end);
  let at = 0;
  while (isCrlf(input, at)) at += 2;
  if (!startsWith(input, delimiter, at)) return undefined;
  at += delimiter.length;
  const parts: Part[] = [];
  for (;;) {
    if (input[at] === 0x2d && input[at + 1] === 0x2d && at + 2 === input.length) return parts;
    if (!isCrlf(input, at)) return undefined;
    at += 2;
    let name: Uint8Array | undefined;
    let filename: Uint8Array | undefined;
    let contentType: string | undefined;
    let base64 = false;
    while (!isCrlf(input, at)) {
      const lineEnd = input.indexOf('\r\n', at);
      const colon = input.indexOf(0x3a, at);
      if (lineEnd === -1 || colon === -1 || colon > lineEnd) return undefined;
      const header = ascii(input.subarray(at, colon)).trim().toLowerCase();
      let value = colon + 1;
      while (input[value] === 0x20 || input[value] === 0x09) value++;
      if (header === 'content-disposition') {
        if (!startsWith(input, DISPOSITION, value)) return undefined;
        const named = quoted(input, value + DISPOSITION.length);
        if (!named) return undefined;
        [name] = named;
        filename = undefined;
        let after = named[1];
        if (startsWith(input, FILENAME, after)) {
          after += FILENAME.length;
          if (input[after] === 0x2a) after++;
          if (input[after] !== 0x3d || input[after + 1] !== 0x22) return undefined;
          const file = quoted(input, after + 2);
          if (!file) return undefined;
          [filename] = file;
        }
      } else if (header === 'content-type') {
        contentType = ascii(input.subarray(value, lineEnd)).trimEnd();
      } else if (header === 'content-transfer-encoding') {
        base64 = ascii(input.subarray(value, lineEnd)).trim().toLowerCase() === 'base64';
      }
      at = lineEnd + 2;
    }
    if (!name) return undefined;
    at += 2;
    const close = input.indexOf(next, at);
    if (close === -1) return undefined;
    const raw = input.subarray(at, close);
    const body = base64 ? Buffer.from(ascii(raw), 'base64') : raw;
    parts.push({ name, filename, contentType, body });
    at = close + next.length;
  }
};

/** `%0A`, `%0D` and `%22` in a part's name, as browsers escape them, back to what they were. */
const unescapeName = (name: string): string =>
  name.replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%22/g, '"');

/** A File's type as `File` keeps it: lower-cased, or empty if not printable ASCII. */
const fileType = (contentType: string | undefined): string =>
  new Blob([], { type: contentType ?? 'text/plain' }).type;

/** A file part as its descriptor: see `fileDescriptor` in form-body.ts. */
export type FilePart = { readonly name: string; readonly type: string; readonly size: number };

/**
 * A multipart body read byte by byte: each text part in the charset its own Content-Type
 * declares, else the body's declared one, else the one its `_charset_` part names, else UTF-8
 * if every undeclared piece is UTF-8, else LEGACY_CHARSET; names and file names likewise.
 */
export const readMultipartBytes = (
  bytes: Uint8Array,
  contentTypeHeader: string | undefined,
  declared: TextDecoder | undefined,
  asValue: (file: FilePart) => string | undefined,
): Decoded => {
  const boundary = contentTypeParameter(contentTypeHeader, 'boundary');
  const parts = boundary ? multipartParts(bytes, boundary) : undefined;
  if (!parts) return { ok: false, path: '', message: 'the multipart body could not be read' };
  let decoder = declared;
  if (!decoder) {
    const named = parts.find((part) => !part.filename && ascii(part.name) === CHARSET_FIELD);
    if (named) {
      decoder = decoderFor(ascii(named.body));
      if (!decoder) return unknownCharset(CHARSET_FIELD);
    }
  }
  // Each part's own charset; the rest read together in the form's charset.
  const own: (TextDecoder | undefined)[] = [];
  for (const part of parts) {
    const label = part.filename ? undefined : contentTypeParameter(part.contentType, 'charset');
    const partDecoder = label === undefined ? undefined : decoderFor(label);
    if (label !== undefined && !partDecoder) return unknownCharset(ascii(part.name));
    own.push(partDecoder);
  }
  const pieces: Uint8Array[] = [];
  parts.forEach((part, i) => {
    pieces.push(part.name);
    if (part.filename) pieces.push(part.filename);
    else if (!own[i]) pieces.push(part.body);
  });
  const decoded = decodeAll(pieces, decoder);
  if (!decoded) return notIn(decoder as TextDecoder);
  const fields = new Map<string, string[]>();
  let piece = 0;
  for (const [i, part] of parts.entries()) {
    const name = unescapeName(decoded[piece++] as string);
    const partDecoder = own[i];
    if (part.filename) {
      const file = {
        name: unescapeName(decoded[piece++] as string),
        type: fileType(part.contentType),
        size: part.body.length,
      };
      const value = asValue(file);
      if (value !== undefined) append(fields, name, value);
    } else if (partDecoder) {
      try {
        append(fields, name, partDecoder.decode(part.body));
      } catch {
        return notIn(partDecoder, name);
      }
    } else append(fields, name, decoded[piece++] as string);
  }
  return { ok: true, fields };
};

/**
 * Whether a multipart body may need reading byte by byte: a part declaring a charset (`charset`
 * in its bytes at all: a false alarm costs only the slower reading, with the same result).
 */
export const mentionsCharset = (bytes: Uint8Array): boolean => {
  const buffer = asBuffer(bytes);
  return buffer.includes('harset') || buffer.includes('HARSET');
};
