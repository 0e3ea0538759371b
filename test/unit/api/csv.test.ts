import { describe, expect, it } from 'vitest';
import {
  type CsvPage,
  csvCell,
  csvChunks,
  csvLine,
  csvStream,
  UTF8_BOM,
  wantsCsv,
} from '../../../functions/api/csv';

describe('csvCell', () => {
  it.each([
    ['plain text', 'Anna', 'Anna'],
    ['a comma', 'Ivanov, Ivan', '"Ivanov, Ivan"'],
    ['quotes', 'the "best" client', '"the ""best"" client"'],
    ['a line feed', 'two\nlines', '"two\nlines"'],
    ['a carriage return inside', 'a\rb', '"a\rb"'],
    ['non-ASCII letters', 'Ольга', 'Ольга'],
    ['an empty string', '', ''],
  ])('writes %s as RFC 4180 says', (_, value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it.each([
    ['=', '=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+', '+79161234567', "'+79161234567"],
    ['-', '-2+3', "'-2+3"],
    ['@', '@SUM(A1)', "'@SUM(A1)"],
    ['a tab', '\t=1', "'\t=1"],
    ['a carriage return', '\r=1', `"'\r=1"`],
  ])(
    'prefixes text starting with %s with a quote so spreadsheets show it as text',
    (_, value, expected) => {
      expect(csvCell(value)).toBe(expected);
    },
  );

  it('writes numbers and booleans as they are, and nothing for a missing value', () => {
    expect([csvCell(95), csvCell(0), csvCell(true), csvCell(null), csvCell(undefined)]).toEqual([
      '95',
      '0',
      'true',
      '',
      '',
    ]);
  });
});

describe('csvLine', () => {
  it('joins cells with commas and ends the record with CRLF', () => {
    expect(csvLine(['a', 1, undefined, 'b,c'])).toBe('a,1,,"b,c"\r\n');
  });
});

describe('wantsCsv', () => {
  it.each([
    ['format=csv', 'csv', undefined, true],
    ['format=csv over an Accept for JSON', 'csv', 'application/json', true],
    ['another format, left to the JSON route', 'xlsx', 'text/csv', false],
    ['Accept: text/csv', undefined, 'text/csv', true],
    ['Accept: text/csv with parameters', undefined, 'text/csv; charset=utf-8', true],
    ['Accept: text/*', undefined, 'text/*', true],
    ['CSV preferred by q', undefined, 'application/json;q=0.5, text/csv', true],
    ['JSON preferred by q', undefined, 'text/csv;q=0.5, application/json', false],
    ['a tie', undefined, 'text/csv, application/json', false],
    ['*/* (curl, browsers)', undefined, '*/*', false],
    ['CSV refused with q=0', undefined, 'text/csv;q=0, */*;q=0.1', false],
    ['no Accept header', undefined, undefined, false],
  ])('answers for %s', (_, format, accept, expected) => {
    expect(wantsCsv(format, accept)).toBe(expected);
  });
});

describe('csvStream', () => {
  const columns = [
    { name: 'id', value: (n: number) => `row-${n}` },
    { name: 'n', value: (n: number) => n },
  ];

  /** Three pages of two rows behind cursors, counting the reads. */
  const pagedSource = () => {
    const reads: string[] = [];
    const pages: Record<string, CsvPage<number>> = {
      p2: { items: [3, 4], nextCursor: 'p3' },
      p3: { items: [5, 6], nextCursor: null },
    };
    const next = async (cursor: string) => {
      reads.push(cursor);
      const page = pages[cursor];
      if (!page) throw new Error(`no page ${cursor}`);
      return page;
    };
    return { reads, first: { items: [1, 2], nextCursor: 'p2' }, next };
  };

  it('writes the header row and every page behind the cursors, in order', async () => {
    const source = pagedSource();

    const text = await new Response(
      csvStream(csvChunks(columns, source.first, source.next), () => {}),
    ).arrayBuffer();

    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(text)).toBe(
      `${UTF8_BOM}id,n\r\nrow-1,1\r\nrow-2,2\r\nrow-3,3\r\nrow-4,4\r\nrow-5,5\r\nrow-6,6\r\n`,
    );
    expect(source.reads).toEqual(['p2', 'p3']);
  });

  it('reads the next page only when the reader has taken the previous one', async () => {
    const source = pagedSource();
    const reader = csvStream(csvChunks(columns, source.first, source.next), () => {}).getReader();
    const decode = (chunk: Uint8Array | undefined) =>
      new TextDecoder('utf-8', { ignoreBOM: true }).decode(chunk);

    const first = await reader.read();
    const readsAfterFirst = [...source.reads];
    const second = await reader.read();
    const readsAfterSecond = [...source.reads];

    expect(decode(first.value)).toBe(`${UTF8_BOM}id,n\r\nrow-1,1\r\nrow-2,2\r\n`);
    expect(readsAfterFirst).toEqual([]);
    expect(decode(second.value)).toBe('row-3,3\r\nrow-4,4\r\n');
    expect(readsAfterSecond).toEqual(['p2']);
    await reader.cancel();
  });

  it('errors the stream, and reports it, when a page cannot be read midway', async () => {
    const reported: unknown[] = [];
    const failing = async () => {
      throw new Error('DynamoDB is down');
    };
    const reader = csvStream(
      csvChunks(columns, { items: [1], nextCursor: 'p2' }, failing),
      (error) => reported.push(error),
    ).getReader();

    await reader.read();

    await expect(reader.read()).rejects.toThrowError('DynamoDB is down');
    expect(reported).toHaveLength(1);
  });

  it('skips pages a filter left empty without stalling', async () => {
    const pages: Record<string, CsvPage<number>> = {
      a: { items: [], nextCursor: 'b' },
      b: { items: [7], nextCursor: null },
    };
    const next = async (cursor: string) => pages[cursor] ?? { items: [], nextCursor: null };

    const text = await new Response(
      csvStream(csvChunks(columns, { items: [], nextCursor: 'a' }, next), () => {}),
    ).text();

    expect(text).toBe('id,n\r\nrow-7,7\r\n'); // Response.text() drops the BOM
  });
});
