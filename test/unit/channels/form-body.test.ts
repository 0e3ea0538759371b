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
    ['not UTF-8', new Uint8Array([0x6e, 0x3d, 0xff, 0xfe]), 'application/x-www-form-urlencoded'],
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
