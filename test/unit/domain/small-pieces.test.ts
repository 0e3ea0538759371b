import { describe, expect, it } from 'vitest';
import { normalizeEmail } from '../../../shared/domain/email';
import {
  hasVerifiedEmail,
  identitiesOf,
  identityKey,
  nameChange,
  primaryIdentityKey,
  rankedEmails,
} from '../../../shared/domain/identity';
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

describe('what an unverified post may say of a contact', () => {
  it.each([
    ['fills a missing name from any post', {}, { name: 'Petr', unverified: true }, 'fill'],
    [
      'replaces an unverified name with a verified one',
      { name: 'Petr', nameUnverified: true },
      { name: 'Pyotr' },
      'replace',
    ],
    [
      'never replaces a name from an unverified post',
      { name: 'Petr', nameUnverified: true },
      { name: 'Mallory', unverified: true },
      undefined,
    ],
    ['never replaces a verified name', { name: 'Petr' }, { name: 'Pyotr' }, undefined],
    ['changes nothing without a name', { name: 'Petr', nameUnverified: true }, {}, undefined],
  ] as const)('%s', (_, contact, profile, change) => {
    expect(nameChange(contact, profile)).toBe(change);
  });

  it('ranks verified e-mails before those only unverified posts brought', () => {
    const emails = ['evil@attacker.example', 'server@corp.example', 'b@corp.example'];

    expect(rankedEmails(emails, ['evil@attacker.example'])).toEqual([
      'b@corp.example',
      'server@corp.example',
      'evil@attacker.example',
    ]);
    expect(rankedEmails(['b@x.example', 'a@x.example'])).toEqual(['a@x.example', 'b@x.example']);
  });

  it('counts an address as verified only when the contact has it unmarked', () => {
    const contact = { emails: ['olga@client.example', 'm@attacker.example'] };
    const marked = { ...contact, unverifiedEmails: ['m@attacker.example'] };

    expect(hasVerifiedEmail(marked, 'olga@client.example')).toBe(true);
    expect(hasVerifiedEmail(marked, 'm@attacker.example')).toBe(false);
    expect(hasVerifiedEmail(contact, 'm@attacker.example')).toBe(true);
    expect(hasVerifiedEmail(contact, 'new@client.example')).toBe(false);
  });
});

describe('masking', () => {
  it('keeps only enough of a phone or an e-mail to tell them apart', () => {
    expect(maskPhone('+79991234567')).toBe('+7********67');
    expect(maskEmail('ivan.petrov@example.com')).toBe('i***@e***.com');
  });
});
