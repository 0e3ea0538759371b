import { describe, expect, it } from 'vitest';
import { readFormBody } from '../../../shared/channels/form-body';

const encode = (text: string) => new TextEncoder().encode(text);
const asRecord = (result: Awaited<ReturnType<typeof readFormBody>>) =>
  result.ok ? Object.fromEntries(result.fields) : result;

describe('readFormBody', () => {
  it('flattens a Tilda cart posted as JSON to the names Tilda posts urlencoded', async () => {
    const body = {
      Name: 'Ivan',
      Phone: '+7 (912) 345-67-89',
      payment: {
        orderid: '1502823681',
        amount: '600',
        products: [{ name: 'Coffee', quantity: 2, options: [{ option: 'Size', variant: 'L' }] }],
      },
      tags: ['a', 'b'],
      empty: null,
    };

    const result = await readFormBody(encode(JSON.stringify(body)), 'application/json');

    expect(asRecord(result)).toEqual({
      Name: ['Ivan'],
      Phone: ['+7 (912) 345-67-89'],
      'payment[orderid]': ['1502823681'],
      'payment[amount]': ['600'],
      'payment[products][0][name]': ['Coffee'],
      'payment[products][0][quantity]': ['2'],
      'payment[products][0][options][0][option]': ['Size'],
      'payment[products][0][options][0][variant]': ['L'],
      tags: ['a', 'b'],
    });
  });

  it('keeps Contact Form 7 file fields (lists of objects) among the fields', async () => {
    const body = {
      'your-name': 'Anna',
      'your-email': 'anna@example.com',
      'your-file': [{ name: 'brief.pdf', url: 'https://site.example/uploads/brief.pdf' }],
    };

    const result = await readFormBody(encode(JSON.stringify(body)), 'application/json');

    expect(asRecord(result)).toMatchObject({
      'your-file[0][name]': ['brief.pdf'],
      'your-file[0][url]': ['https://site.example/uploads/brief.pdf'],
    });
  });

  it('keeps what lies deeper than a 200-character name as JSON text instead of refusing it', async () => {
    let deep: unknown = { phone: '89131112233' };
    for (let i = 0; i < 100; i++) deep = { level: deep };

    const result = await readFormBody(encode(JSON.stringify({ deep })), 'application/json');

    expect(result.ok).toBe(true);
    const [name = '', values = []] = result.ok ? ([...result.fields][0] ?? []) : [];
    expect(name.length).toBeLessThanOrEqual(200);
    expect(JSON.stringify(JSON.parse(values[0] ?? ''))).toContain('"phone":"89131112233"');
  });

  it.each([
    ['JSON, not UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]), 'application/json'],
    ['not JSON', encode('{"name": '), 'application/json'],
    ['a JSON list', encode('[1,2]'), 'application/json'],
  ])('reads a body that is %s as unreadable (400), not as fields', async (_, bytes, type) => {
    const result = await readFormBody(bytes, type);

    expect(result).toMatchObject({ ok: false, status: 400, issues: [expect.any(Object)] });
  });

  it('answers 415 for a content type no form posts', async () => {
    const result = await readFormBody(encode('<lead/>'), 'application/xml');

    expect(result).toMatchObject({ ok: false, status: 415 });
  });

  it('reads multipart bodies and keeps a file as its name, type and size, never its content', async () => {
    const form = new FormData();
    form.set('name', 'Multipart');
    form.set('file-cv', new Blob(['%PDF-1.4 secret'], { type: 'application/pdf' }), 'cv.pdf');
    form.append('photos', new Blob([new Uint8Array(3)]), 'a.bin');
    const request = new Request('http://x/', { method: 'POST', body: form });

    const result = await readFormBody(
      new Uint8Array(await request.arrayBuffer()),
      request.headers.get('content-type') ?? undefined,
    );

    expect(asRecord(result)).toEqual({
      name: ['Multipart'],
      'file-cv': ['{"file":"cv.pdf","contentType":"application/pdf","bytes":15}'],
      photos: ['{"file":"a.bin","contentType":"application/octet-stream","bytes":3}'],
    });
    expect(JSON.stringify(asRecord(result))).not.toContain('secret');
  });

  it('keeps no file for an optional file input left empty (a part with no file name and no bytes)', async () => {
    const boundary = 'x-boundary';
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="your-name"',
      '',
      'Empty File',
      `--${boundary}`,
      'Content-Disposition: form-data; name="file-cv"; filename=""',
      'Content-Type: application/octet-stream',
      '',
      '',
      `--${boundary}--`,
      '',
    ].join('\r\n');

    const result = await readFormBody(
      new TextEncoder().encode(body),
      `multipart/form-data; boundary=${boundary}`,
    );

    expect(asRecord(result)).toEqual({ 'your-name': ['Empty File'] });
  });
});

/** Text in a single-byte charset (windows-1251, koi8-r, iso-8859-1): its decoder's table, reversed. */
const encodeIn = (label: string, text: string): Uint8Array => {
  const decoder = new TextDecoder(label);
  const table = new Map<string, number>();
  for (let byte = 255; byte >= 0; byte--) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  return Uint8Array.from([...text].map((char) => table.get(char) ?? 0x3f));
};

/** A browser's urlencoded post from a page in that charset: its bytes %-escaped, spaces as +. */
const urlencodedIn = (label: string, fields: readonly [string, string][]): Uint8Array => {
  const percentEncode = (text: string) =>
    [...encodeIn(label, text)]
      .map((byte) =>
        byte === 0x20
          ? '+'
          : /[A-Za-z0-9_.-]/.test(String.fromCharCode(byte))
            ? String.fromCharCode(byte)
            : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
      )
      .join('');
  return encode(
    fields.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&'),
  );
};

const FORM = 'application/x-www-form-urlencoded';
const IVAN: [string, string][] = [
  ['name', 'Иван'],
  ['phone', '+79167200001'],
  ['message', 'Перезвоните после обеда'],
];
const IVAN_FIELDS = {
  name: ['Иван'],
  phone: ['+79167200001'],
  message: ['Перезвоните после обеда'],
};

describe('readFormBody in the charset the form was posted in', () => {
  it('reads an undeclared windows-1251 post (a browser on a cp1251 page) as the Cyrillic it was', async () => {
    // Exactly what the browser sends (Python's urlencode(…, encoding='cp1251')).
    const body = encode(
      'name=%C8%E2%E0%ED&phone=%2B79167200001&message=%CF%E5%F0%E5%E7%E2%EE%ED%E8%F2%E5+%EF%EE%F1%EB%E5+%EE%E1%E5%E4%E0',
    );

    const result = await readFormBody(body, FORM);

    expect(asRecord(result)).toEqual(IVAN_FIELDS);
  });

  it.each(['windows-1251', 'cp1251', 'Windows-1251', '"windows-1251"'])(
    'honours a declared charset=%s on an urlencoded post',
    async (label) => {
      const result = await readFormBody(
        urlencodedIn('windows-1251', IVAN),
        `${FORM}; charset=${label}`,
      );

      expect(asRecord(result)).toEqual(IVAN_FIELDS);
    },
  );

  it('reads a koi8-r post declared koi8-r in koi8-r, not as windows-1251', async () => {
    const result = await readFormBody(urlencodedIn('koi8-r', IVAN), `${FORM}; charset=koi8-r`);

    expect(asRecord(result)).toEqual(IVAN_FIELDS);
  });

  it('reads a post in the charset its _charset_ field names (as a browser fills it)', async () => {
    const body = urlencodedIn('koi8-r', [['_charset_', 'KOI8-R'], ...IVAN]);

    const result = await readFormBody(body, FORM);

    expect(asRecord(result)).toEqual({ _charset_: ['KOI8-R'], ...IVAN_FIELDS });
  });

  it('reads an iso-8859-1 post declared so (Node decodes it as windows-1252, its superset)', async () => {
    const body = urlencodedIn('windows-1252', [['message', 'Café crème, ½ kg']]);

    const result = await readFormBody(body, `${FORM}; charset=iso-8859-1`);

    expect(asRecord(result)).toEqual({ message: ['Café crème, ½ kg'] });
  });

  it('reads every value of an undeclared non-UTF-8 post as windows-1251, even one that happens to be valid UTF-8', async () => {
    // "Сё" in cp1251 is D1 B8, which is also UTF-8 (U+0478); the page posted it in cp1251.
    const body = urlencodedIn('windows-1251', [
      ['comment', 'Сё'],
      ['name', 'Иван'],
    ]);

    const result = await readFormBody(body, FORM);

    expect(asRecord(result)).toEqual({ comment: ['Сё'], name: ['Иван'] });
  });

  it('keeps + as a space, %2B as a plus, repeated fields and a leading ? as URLSearchParams does', async () => {
    const body = encode('?tag=%C0+%C1&tag=%2B1&empty=&flag&=nameless&&bad=%zz%C2');

    const result = await readFormBody(body, FORM);

    expect(asRecord(result)).toEqual({
      tag: ['А Б', '+1'],
      empty: [''],
      flag: [''],
      '': ['nameless'],
      bad: ['%zzВ'],
    });
  });

  it('reads raw (unescaped) windows-1251 bytes in an undeclared urlencoded body as windows-1251', async () => {
    const body = new Uint8Array([...encode('name='), ...encodeIn('windows-1251', 'Иван')]);

    const result = await readFormBody(body, FORM);

    expect(asRecord(result)).toEqual({ name: ['Иван'] });
  });

  it('reads an ordinary UTF-8 post as before, a U+FFFD the client typed included', async () => {
    const body = encode(
      `name=${encodeURIComponent('Иван �')}&phone=%2B79167200001&name=${encodeURIComponent('Олег')}`,
    );

    const result = await readFormBody(body, FORM);

    expect(asRecord(result)).toEqual({ name: ['Иван �', 'Олег'], phone: ['+79167200001'] });
  });

  it.each([
    [
      'urlencoded declared UTF-8 whose %-escapes are not',
      encode('name=%C8%E2%E0%ED'),
      `${FORM}; charset=utf-8`,
    ],
    [
      'urlencoded whose _charset_ says UTF-8 but whose bytes are not',
      encode('_charset_=UTF-8&name=%C8%E2'),
      FORM,
    ],
    [
      'urlencoded declared in a charset no decoder knows',
      encode('name=x'),
      `${FORM}; charset=x-klingon`,
    ],
    ['urlencoded whose _charset_ names no charset', encode('_charset_=x-klingon&name=%C8'), FORM],
    [
      'JSON declared in a charset no decoder knows',
      encode('{"name":"x"}'),
      'application/json; charset=x-klingon',
    ],
    [
      'JSON declared UTF-8 whose bytes are not',
      new Uint8Array([0x7b, 0x22, 0xc8, 0x22, 0x7d]),
      'application/json; charset=utf-8',
    ],
    [
      'JSON in windows-1251 not declared (JSON is UTF-8)',
      new Uint8Array([...encode('{"n":"'), 0xc8, ...encode('"}')]),
      'application/json',
    ],
    [
      'text/plain JSON in windows-1251 not declared',
      new Uint8Array([...encode(' {"n":"'), 0xc8, ...encode('"}')]),
      'text/plain',
    ],
  ])('holds as unreadable (400), never with a U+FFFD, %s', async (_, bytes, type) => {
    const result = await readFormBody(bytes, type);

    expect(result).toMatchObject({ ok: false, status: 400, issues: [expect.any(Object)] });
  });

  it.each([
    ['windows-1251', 'application/json; charset=windows-1251'],
    ['koi8-r', 'application/json; charset=koi8-r'],
    ['koi8-r', 'text/plain; charset=KOI8-R'],
  ])('decodes JSON in %s declared as %s', async (label, type) => {
    const body = encodeIn(label, JSON.stringify(Object.fromEntries(IVAN)));

    const result = await readFormBody(body, type);

    expect(asRecord(result)).toEqual(IVAN_FIELDS);
  });

  it('decodes JSON declared UTF-8 as before', async () => {
    const result = await readFormBody(
      encode(JSON.stringify(Object.fromEntries(IVAN))),
      'application/json; charset=UTF-8',
    );

    expect(asRecord(result)).toEqual(IVAN_FIELDS);
  });

  it.each([
    ['declared windows-1251', 'text/plain; charset=windows-1251'],
    ['undeclared', 'text/plain'],
  ])('reads text/plain carrying a windows-1251 urlencoded form, %s', async (_, type) => {
    const result = await readFormBody(urlencodedIn('windows-1251', IVAN), type);

    expect(asRecord(result)).toEqual(IVAN_FIELDS);
  });
});

/** A multipart body as a browser writes it, each part's text in the given bytes. */
const multipart = (
  boundary: string,
  parts: readonly { headers: readonly string[]; body: Uint8Array }[],
): Uint8Array => {
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    chunks.push(encode(`--${boundary}\r\n`));
    for (const header of part.headers) chunks.push(encode(`${header}\r\n`));
    chunks.push(encode('\r\n'), part.body, encode('\r\n'));
  }
  chunks.push(encode(`--${boundary}--\r\n`));
  return new Uint8Array(Buffer.concat(chunks));
};

describe('readFormBody for multipart posts in another charset', () => {
  const boundary = '----WebKitFormBoundary7MA4YWxkTrZu0gW';
  const type = `multipart/form-data; boundary=${boundary}`;
  const textPart = (name: Uint8Array | string, body: Uint8Array, contentType?: string) => ({
    headers: [
      `Content-Disposition: form-data; name="${typeof name === 'string' ? name : Buffer.from(name).toString('latin1')}"`,
      ...(contentType ? [`Content-Type: ${contentType}`] : []),
    ],
    body,
  });
  it('reads undeclared windows-1251 parts (a browser on a cp1251 page), file names too', async () => {
    const cp = (text: string) => encodeIn('windows-1251', text);
    const body = new Uint8Array(
      Buffer.concat([
        multipart(boundary, [
          textPart('name', cp('Иван')),
          textPart('phone', encode('+79167200001')),
          textPart('message', cp('Перезвоните после обеда')),
        ]).subarray(0, -`--${boundary}--\r\n`.length),
        encode(`--${boundary}\r\nContent-Disposition: form-data; name="file-cv"; filename="`),
        cp('Резюме.pdf'),
        encode(`"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--${boundary}--\r\n`),
      ]),
    );

    const result = await readFormBody(body, type);

    expect(asRecord(result)).toEqual({
      ...IVAN_FIELDS,
      'file-cv': ['{"file":"Резюме.pdf","contentType":"application/pdf","bytes":4}'],
    });
  });

  it('reads a part in the charset its own Content-Type declares, the rest as UTF-8', async () => {
    const body = multipart(boundary, [
      textPart('name', encode('Иван')),
      textPart(
        'message',
        encodeIn('koi8-r', 'Перезвоните после обеда'),
        'text/plain; charset=koi8-r',
      ),
    ]);

    const result = await readFormBody(body, type);

    expect(asRecord(result)).toEqual({ name: ['Иван'], message: ['Перезвоните после обеда'] });
  });

  it('reads parts in the charset a _charset_ part names, or the body declares', async () => {
    const koi = (text: string) => encodeIn('koi8-r', text);
    const parts = [
      textPart('name', koi('Иван')),
      textPart('message', koi('Перезвоните после обеда')),
    ];
    const named = multipart(boundary, [textPart('_charset_', encode('koi8-r')), ...parts]);

    expect(asRecord(await readFormBody(named, type))).toEqual({
      _charset_: ['koi8-r'],
      name: ['Иван'],
      message: ['Перезвоните после обеда'],
    });
    expect(
      asRecord(await readFormBody(multipart(boundary, parts), `${type}; charset=koi8-r`)),
    ).toEqual({
      name: ['Иван'],
      message: ['Перезвоните после обеда'],
    });
  });

  it.each([
    [
      'a part declares a charset no decoder knows',
      [textPart('name', encode('x'), 'text/plain; charset=x-klingon')],
      type,
    ],
    [
      'a part declared UTF-8 is not',
      [textPart('name', encodeIn('windows-1251', 'Иван'), 'text/plain; charset=utf-8')],
      type,
    ],
    [
      'the body is declared UTF-8 and a part is not',
      [textPart('name', encodeIn('windows-1251', 'Иван'))],
      `${type}; charset=utf-8`,
    ],
  ])('holds as unreadable (400) when %s', async (_, parts, contentType) => {
    const result = await readFormBody(multipart(boundary, parts), contentType);

    expect(result).toMatchObject({ ok: false, status: 400, issues: [expect.any(Object)] });
  });

  it('reads a UTF-8 multipart post that mentions a charset the same as undici does', async () => {
    const form = new FormData();
    form.set('name', 'Иван "Ваня"');
    form.set('message', 'charset=windows-1251 is in the text');
    form.append('message', 'второе');
    form.set('file', new Blob(['abc'], { type: 'Text/CSV' }), 'Счёт "1".csv');
    const request = new Request('http://x/', { method: 'POST', body: form });
    const bytes = new Uint8Array(await request.arrayBuffer());
    const contentType = request.headers.get('content-type') ?? '';
    const undici = await new Response(bytes, {
      headers: { 'content-type': contentType },
    }).formData();

    const result = await readFormBody(bytes, contentType);

    expect(asRecord(result)).toEqual({
      name: [undici.get('name')],
      message: undici.getAll('message'),
      file: ['{"file":"Счёт \\"1\\".csv","contentType":"text/csv","bytes":3}'],
    });
  });
});
