import { describe, expect, it } from 'vitest';
import { normalizeEmail } from '../../../shared/domain/email';
import { identitiesOf, identityKey, primaryIdentityKey } from '../../../shared/domain/identity';
import { maskEmail, maskPhone } from '../../../shared/domain/masking';

describe('normalizeEmail', () => {
  it.each([
    ['  Ivan.Petrov@Example.COM ', 'ivan.petrov@example.com'],
    ['a+tag@mail.ru', 'a+tag@mail.ru'],
    ['имя@пример.рф', 'имя@пример.рф'],
  ])('normalizes %s', (input, email) => {
    expect(normalizeEmail(input)).toEqual({ ok: true, email });
  });

  it.each(['', 'plain', 'a@b', 'a@@b.ru', 'a b@c.ru', `${'a'.repeat(250)}@b.ru`, '<a@b.ru>'])(
    'refuses "%s"',
    (input) => {
      expect(normalizeEmail(input).ok).toBe(false);
    },
  );
});

describe('identities', () => {
  it('orders a contact’s identities strongest first: phone, messenger, e-mail', () => {
    const keys = identitiesOf({
      email: 'a@b.ru',
      messenger: { channel: 'telegram', id: '42' },
      phone: '+79991234567',
    }).map(identityKey);
    expect(keys).toEqual(['phone:+79991234567', 'telegram:42', 'email:a@b.ru']);
  });

  it('groups by the strongest identity and has none for an anonymous event', () => {
    expect(primaryIdentityKey({ email: 'a@b.ru' })).toBe('email:a@b.ru');
    expect(primaryIdentityKey({})).toBeUndefined();
  });
});

describe('masking', () => {
  it('keeps only enough of a phone or an e-mail to tell them apart', () => {
    expect(maskPhone('+79991234567')).toBe('+7********67');
    expect(maskEmail('ivan.petrov@example.com')).toBe('i***@e***.com');
  });
});
