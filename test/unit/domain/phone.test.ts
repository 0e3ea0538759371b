import { describe, expect, it } from 'vitest';
import { messengerPhoneToE164, toE164 } from '../../../shared/domain/phone';

describe('toE164', () => {
  it.each([
    ['8 (999) 123-45-67', '+79991234567'],
    ['+7 999 123 45 67', '+79991234567'],
    ['79991234567', '+79991234567'],
    ['89991234567', '+79991234567'],
    ['9991234567', '+79991234567'],
    ['8 912 345-67-89', '+79123456789'],
    ['+7 (495) 123-45-67', '+74951234567'],
    ['8 800 555-35-35', '+78005553535'],
    ['тел: 8 912 345 67 89', '+79123456789'],
    ['＋７ ９１２ ３４５ ６７ ８９', '+79123456789'],
    ['8\u00a0912\u00a0345\u00a067\u00a089', '+79123456789'],
    ['8 10 375 29 123 45 67', '+375291234567'],
    ['+7 701 123 45 67', '+77011234567'],
    ['+44 20 7946 0958', '+442079460958'],
    // "00" is not Russia's international prefix (810), but people write it from habit.
    ['007 912 345 67 89', '+79123456789'],
    ['00 7 916 555 11 22', '+79165551122'],
    ['0049 30 12345678', '+493012345678'],
  ])('normalizes "%s" to %s', (input, e164) => {
    expect(toE164(input, 'RU')).toMatchObject({ ok: true, e164 });
  });

  it('keeps an extension apart from the number', () => {
    expect(toE164('+79123456789 доб. 12', 'RU')).toEqual({
      ok: true,
      e164: '+79123456789',
      country: 'RU',
      ext: '12',
    });
  });

  it.each([
    ['8-912-345-67-8', 'a digit missing (possible, but not valid)'],
    ['+7 912 345-67-890', 'a digit too many'],
    ['+7 000 000-00-00', 'no such numbering'],
    ['00', 'a prefix alone'],
    ['abc', 'letters'],
    ['', 'nothing'],
    ['1'.repeat(100), 'a hundred digits'],
  ])('refuses "%s" (%s)', (input) => {
    expect(toE164(input, 'RU').ok).toBe(false);
  });
});

describe('messengerPhoneToE164', () => {
  it.each([
    ['79991234567', '+79991234567'],
    ['89991234567', '+79991234567'],
    ['375291234567', '+375291234567'],
  ])('reads messenger digits %s as %s', (digits, e164) => {
    expect(messengerPhoneToE164(digits, 'RU')).toMatchObject({ ok: true, e164 });
  });
});
