import { describe, expect, it } from 'vitest';
import { type FormFields, parseFormSubmission } from '../../../shared/channels/forms';

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

  it('refuses more than 100 fields and field names over 200 characters', () => {
    const many = fields(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, 'x'])));
    expect(parseFormSubmission(many, context).kind).toBe('invalid');
    expect(
      parseFormSubmission(fields({ ['n'.repeat(201)]: 'x', phone: '89131112233' }), context).kind,
    ).toBe('invalid');
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
