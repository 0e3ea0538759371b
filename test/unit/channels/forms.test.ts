import { describe, expect, it } from 'vitest';
import { type FormFields, MORE_FIELD, parseFormSubmission } from '../../../shared/channels/forms';

const context = {
  siteKey: 'shop',
  receivedAt: new Date('2026-11-27T07:00:00Z'),
  defaultCountry: 'RU',
};
const fields = (record: Record<string, string | string[]>): FormFields =>
  new Map(Object.entries(record).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));

describe('parseFormSubmission', () => {
  it('reads Tilda’s capitalized fields and its submission id', () => {
    const result = parseFormSubmission(
      fields({
        Name: 'Ivan',
        Phone: '8 912 345-67-89',
        Email: 'I@Example.com',
        tranid: '123:456',
        formid: 'form9',
      }),
      context,
    );
    expect(result).toMatchObject({
      kind: 'lead',
      event: {
        eventId: 'form:shop:tranid:123:456',
        dedupeWindowSeconds: 8 * 86_400,
        contact: { name: 'Ivan', phone: '+79123456789', email: 'i@example.com' },
        source: { siteKey: 'shop', formId: 'form9' },
      },
    });
  });

  it('keeps a repeated field’s other values among the fields: a second name, a second phone', () => {
    const result = parseFormSubmission(
      fields({ name: ['', 'A', 'B'], phone: ['+7 916 710-00-10', '+7 916 710-00-11'] }),
      context,
    );
    expect(result).toMatchObject({
      kind: 'lead',
      event: {
        contact: { name: 'A', phone: '+79167100010' },
        fields: { name: 'B', phone: '+7 916 710-00-11' },
      },
    });
  });

  it('keeps a phone with an extension as typed among the fields, the number as the contact’s', () => {
    const result = parseFormSubmission(
      fields({ Name: 'Office', Phone: '+7 (495) 123-45-67 доб. 1234' }),
      context,
    );
    expect(result).toMatchObject({
      kind: 'lead',
      event: {
        contact: { phone: '+74951234567' },
        fields: { Phone: '+7 (495) 123-45-67 доб. 1234' },
      },
    });
  });

  it('reads Contact Form 7 names and Elementor’s advanced data', () => {
    const cf7 = parseFormSubmission(
      fields({
        'your-name': 'Anna',
        'your-email': 'anna@example.com',
        'your-message': 'Hi',
        _wpcf7: '5',
      }),
      context,
    );
    const elementor = parseFormSubmission(
      fields({
        'form[id]': 'abc',
        'fields[name][value]': 'Oleg',
        'fields[name][title]': 'Имя',
        'fields[phone][value]': '+7 913 111 22 33',
        'meta[page_url][value]': 'https://shop.example/p',
      }),
      context,
    );
    expect(cf7).toMatchObject({ kind: 'lead', event: { contact: { name: 'Anna' }, text: 'Hi' } });
    expect(cf7.kind === 'lead' && cf7.event.fields).toBeFalsy();
    expect(elementor).toMatchObject({
      kind: 'lead',
      event: {
        contact: { name: 'Oleg', phone: '+79131112233' },
        source: { formId: 'abc', page: 'https://shop.example/p' },
      },
    });
  });

  it('keeps unknown fields, repeated values included, and drops credentials', () => {
    const result = parseFormSubmission(
      fields({
        phone: '89131112233',
        interest: ['a', 'b'],
        city: 'Kazan',
        token: 'secret',
        'g-recaptcha-response': 'x',
      }),
      context,
    );
    expect(result.kind === 'lead' && result.event.fields).toEqual({
      interest: ['a', 'b'],
      city: 'Kazan',
    });
  });

  it('recognises Tilda’s test ping', () => {
    expect(parseFormSubmission(fields({ test: 'test' }), context)).toEqual({ kind: 'ping' });
  });

  it('keeps an invalid phone as typed when a valid e-mail identifies the person', () => {
    const result = parseFormSubmission(fields({ phone: '12-34', email: 'x@example.com' }), context);
    expect(result).toMatchObject({
      kind: 'lead',
      event: { contact: { email: 'x@example.com' }, fields: { phone: '12-34' } },
    });
    expect(result.kind === 'lead' && result.event.contact.phone).toBeUndefined();
  });

  it('gives the same event id to the same body, whatever the field order, for one day', () => {
    const a = parseFormSubmission(fields({ name: 'A', phone: '89131112233' }), context);
    const b = parseFormSubmission(fields({ phone: '89131112233', name: 'A' }), context);
    expect(a.kind === 'lead' && b.kind === 'lead' && a.event.eventId === b.event.eventId).toBe(
      true,
    );
    expect(a.kind === 'lead' && a.event.dedupeWindowSeconds).toBe(86_400);
  });

  it('uses the Idempotency-Key header as the event id when there is one', () => {
    const result = parseFormSubmission(fields({ phone: '89131112233' }), {
      ...context,
      idempotencyKey: 'k-1',
    });
    expect(result.kind === 'lead' && result.event.eventId).toBe('form:shop:key:k-1');
  });

  it('keeps every field: past 100 the rest as JSON in one field, long names and values cut with a marker', () => {
    const many = fields({
      phone: '89131112233',
      ...Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`f${i}`, `v${i}`])),
      ['n'.repeat(250)]: 'long name',
      note: 'x'.repeat(12_000),
    });

    const result = parseFormSubmission(many, context);

    expect(result.kind).toBe('lead');
    const kept = result.kind === 'lead' ? (result.event.fields ?? {}) : {};
    expect(Object.keys(kept)).toHaveLength(100);
    expect(kept.f0).toBe('v0');
    const more = JSON.parse(String(kept[MORE_FIELD]));
    expect(Object.keys(more)).toEqual(expect.arrayContaining(['f119', 'note']));
    expect(more[`${'n'.repeat(199)}…`]).toBe('long name');
    expect(more.note).toHaveLength(2_000);
    expect(more.note.endsWith('…')).toBe(true);
  });

  it.each([
    [
      'a phone',
      { contact_number: '8 (913) 111-22-33', comment: 'call me' },
      { phone: '+79131112233' },
    ],
    [
      'an e-mail',
      { contact: 'Anna@Example.com', interest: 'sofas' },
      { email: 'anna@example.com' },
    ],
    [
      'both',
      { a: 'Order 12', b: '+7 913 111 22 33', c: 'b2b@example.com' },
      { phone: '+79131112233', email: 'b2b@example.com' },
    ],
  ])('finds %s in any field when no field name says so', (_, record, contact) => {
    const result = parseFormSubmission(fields(record), context);

    expect(result).toMatchObject({ kind: 'lead', event: { contact } });
  });

  it('does not look for a phone in other fields when a field is named phone', () => {
    const result = parseFormSubmission(
      fields({ phone: '8-912-345-67-8', other: '8 (913) 111-22-33' }),
      context,
    );

    expect(result.kind).toBe('invalid');
  });

  it('takes a Tilda cart order’s payment[orderid] as the submission id and keeps the products', () => {
    const result = parseFormSubmission(
      fields({
        Name: 'Ivan',
        Phone: '+7 (912) 345-67-89',
        'payment[orderid]': '1502823681',
        'payment[amount]': '600',
        'payment[products][0][name]': 'Coffee',
        'payment[products][0][quantity]': '2',
        tranid: '3561051:2001101',
      }),
      context,
    );

    expect(result).toMatchObject({
      kind: 'lead',
      event: {
        eventId: 'form:shop:order:1502823681',
        dedupeWindowSeconds: 8 * 86_400,
        fields: {
          'payment[orderid]': '1502823681',
          'payment[products][0][name]': 'Coffee',
          'payment[products][0][quantity]': '2',
        },
      },
    });
  });

  it('reads the order id of a payment posted as JSON text in one field', () => {
    const result = parseFormSubmission(
      fields({ Phone: '89123456789', payment: '{"orderid":"77","products":["Coffee - 2x300"]}' }),
      context,
    );

    expect(result.kind === 'lead' && result.event.eventId).toBe('form:shop:order:77');
  });

  it('ignores prototype-shaped field names', () => {
    const result = parseFormSubmission(
      fields({ phone: '89131112233', __proto__: 'x', constructor: 'y' } as Record<string, string>),
      context,
    );
    expect(result.kind).toBe('lead');
    expect(result.kind === 'lead' && result.event.fields).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
