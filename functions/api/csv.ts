/** CSV as RFC 4180 writes it, made safe to open in a spreadsheet, streamed page by page. */

export type CsvValue = string | number | boolean | null | undefined;

export type CsvColumn<T> = {
  readonly name: string;
  readonly value: (item: T) => CsvValue;
};

export type CsvPage<T> = { readonly items: readonly T[]; readonly nextCursor: string | null };

/** Spreadsheets run a cell that starts like this as a formula (OWASP's "CSV injection" list). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One field: empty for nothing, numbers and booleans as they are, text quoted when it holds a
 * comma, a quote or a line break (quotes doubled), and text that a spreadsheet would run as a
 * formula prefixed with `'` so that it shows as text (a phone reads '+79161234567).
 */
export const csvCell = (value: CsvValue): string => {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** One record, CRLF-terminated. */
export const csvLine = (values: readonly CsvValue[]): string =>
  `${values.map(csvCell).join(',')}\r\n`;

/** So that spreadsheets read the file as UTF-8 (names in Cyrillic); RFC 4180 readers skip it. */
export const UTF8_BOM = '\uFEFF';

/**
 * The document as text chunks, one per page: the header row with the first page, then each
 * next page only when the previous chunk has been taken, so one page at a time is in memory.
 */
export async function* csvChunks<T>(
  columns: readonly CsvColumn<T>[],
  first: CsvPage<T>,
  nextPage: (cursor: string) => Promise<CsvPage<T>>,
): AsyncGenerator<string, void, undefined> {
  let chunk = UTF8_BOM + csvLine(columns.map((column) => column.name));
  let page = first;
  for (;;) {
    for (const item of page.items) chunk += csvLine(columns.map((column) => column.value(item)));
    if (chunk !== '') yield chunk;
    chunk = '';
    if (page.nextCursor === null) return;
    page = await nextPage(page.nextCursor);
  }
}

/**
 * A byte stream pulled by its reader: nothing is read from the store before the client takes
 * what was sent. A failure midway errors the stream, so the client sees a broken download,
 * never a file that merely looks complete.
 */
export const csvStream = (
  chunks: AsyncGenerator<string, void, undefined>,
  onError: (error: unknown) => void,
): ReadableStream<Uint8Array> => {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          onError(error);
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
};

/** The q a media-range list gives a type: that of its most specific matching range, else 0. */
const quality = (accept: string, type: string): number => {
  const major = type.slice(0, type.indexOf('/'));
  let specificity = -1;
  let q = 0;
  for (const part of accept.toLowerCase().split(',')) {
    const [range = '', ...params] = part.split(';').map((s) => s.trim());
    const rank = range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1;
    if (rank < 0 || rank < specificity) continue;
    const given = params.find((p) => p.startsWith('q='));
    const value = given === undefined ? 1 : Number(given.slice(2));
    const valid = Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0;
    q = rank > specificity ? valid : Math.max(q, valid);
    specificity = rank;
  }
  return q;
};

/**
 * CSV when asked by `format=csv`, or by an Accept header that prefers text/csv to JSON (a tie,
 * `*\/*` included, stays JSON). Any other `format` is left to the JSON route, which refuses it.
 */
export const wantsCsv = (format: string | undefined, accept: string | undefined): boolean => {
  if (format !== undefined) return format === 'csv';
  if (!accept) return false;
  const csv = quality(accept, 'text/csv');
  return csv > 0 && csv > quality(accept, 'application/json');
};
