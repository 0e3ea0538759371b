import { describe, expect, it } from 'vitest';
import {
  addedDealContribution,
  closeContribution,
  closeDelta,
  dealEffect,
} from '../../../../shared/domain/deals/close';
import {
  fromMinor,
  hasAtMostTwoDecimals,
  revenueByCurrency,
  toMinor,
} from '../../../../shared/domain/deals/money';

const ZONE = 'Europe/Moscow';

const won = (extra: Record<string, unknown> = {}) => ({
  outcome: 'won' as const,
  closedAt: '2026-11-30T21:30:00.000Z', // 1 December, 00:30 in Moscow
  amountMinor: 12_345_678,
  currency: 'RUB',
  managerId: 'anna',
  contactId: 'c-1',
  ...extra,
});

describe('money', () => {
  it.each([
    [1234.56, 123456],
    [0.1 + 0.2, 30],
    [1e12, 1e14],
    [0, 0],
  ])('keeps %s as %i minor units', (amount, minor) => {
    expect(toMinor(amount)).toBe(minor);
  });

  it('gives amounts back in units', () => {
    expect(fromMinor(123456)).toBe(1234.56);
  });

  it.each([
    [12.5, true],
    [0.07, true],
    [0.1 + 0.2, true],
    [12.345, false],
  ])('says %s has at most two decimals: %s', (amount, ok) => {
    expect(hasAtMostTwoDecimals(amount)).toBe(ok);
  });

  it('finds the revenue of each currency among counters', () => {
    expect(revenueByCurrency({ won: 3, revenue_RUB: 100, revenue_USD: 7, revenue_EUR: 0 })).toEqual(
      {
        RUB: 100,
        USD: 7,
      },
    );
  });
});

describe('closeContribution', () => {
  it('counts a won close as one deal and its amount, on its day and month in the zone', () => {
    expect(closeContribution(won(), ZONE)).toEqual({
      day: '2026-12-01',
      month: '2026-12',
      managerId: 'anna',
      contactId: 'c-1',
      values: { won: 1, revenue_RUB: 12_345_678 },
    });
  });

  it('counts a win without an amount as a deal, and keeps other currencies apart', () => {
    expect(closeContribution(won({ amountMinor: undefined }), ZONE)?.values).toEqual({ won: 1 });
    expect(closeContribution(won({ currency: 'USD', amountMinor: 500 }), ZONE)?.values).toEqual({
      won: 1,
      revenue_USD: 500,
    });
  });

  it.each(['lost', 'spam'] as const)('counts nothing for a lead closed %s', (outcome) => {
    expect(closeContribution(won({ outcome }), ZONE)).toBeUndefined();
  });
});

describe('closeDelta', () => {
  it('adds a first close as it is', () => {
    const after = closeContribution(won(), ZONE);

    expect(closeDelta(undefined, after)).toEqual({
      deals: [
        { day: '2026-12-01', managerId: 'anna', values: { won: 1, revenue_RUB: 12_345_678 } },
      ],
      clients: [
        { month: '2026-12', contactId: 'c-1', values: { won: 1, revenue_RUB: 12_345_678 } },
      ],
    });
  });

  it('moves only the difference when a deal corrects the amount of the same day', () => {
    const before = closeContribution(won({ closedAt: '2026-12-01T10:00:00Z' }), ZONE);
    const after = closeContribution(won({ amountMinor: 12_000_000 }), ZONE);

    expect(closeDelta(before, after)).toEqual({
      deals: [{ day: '2026-12-01', managerId: 'anna', values: { revenue_RUB: -345_678 } }],
      clients: [{ month: '2026-12', contactId: 'c-1', values: { revenue_RUB: -345_678 } }],
    });
  });

  it('moves the deal between days, months and currencies when the CRM says so', () => {
    const before = closeContribution(won({ closedAt: '2026-11-29T09:00:00Z' }), ZONE);
    const after = closeContribution(won({ currency: 'USD', amountMinor: 100 }), ZONE);

    expect(closeDelta(before, after)).toEqual({
      deals: [
        { day: '2026-11-29', managerId: 'anna', values: { won: -1, revenue_RUB: -12_345_678 } },
        { day: '2026-12-01', managerId: 'anna', values: { won: 1, revenue_USD: 100 } },
      ],
      clients: [
        { month: '2026-11', contactId: 'c-1', values: { won: -1, revenue_RUB: -12_345_678 } },
        { month: '2026-12', contactId: 'c-1', values: { won: 1, revenue_USD: 100 } },
      ],
    });
  });

  it('changes nothing when a deal repeats the close', () => {
    const same = closeContribution(won(), ZONE);
    expect(closeDelta(same, same)).toEqual({ deals: [], clients: [] });
    expect(closeDelta(undefined, undefined)).toEqual({ deals: [], clients: [] });
  });
});

describe('dealEffect', () => {
  it.each([
    ['assigned', 'won', 'closed'],
    ['new', 'lost', 'closed'],
    ['accepted', 'spam', 'closed'],
    ['closed', 'won', 'replaced'],
    ['closed', 'lost', 'unchanged'],
    ['closed', 'spam', 'unchanged'],
  ] as const)('on a lead %s, a %s deal: %s', (status, outcome, effect) => {
    expect(dealEffect({ status }, outcome)).toBe(effect);
  });

  it.each([
    ['won by its manager', { outcome: 'won' }, 'won', 'replaced'],
    ['lost by a deal', { outcome: 'lost', dealId: 'd-1' }, 'won', 'replaced'],
    ['won by a deal', { outcome: 'won', dealId: 'd-1' }, 'won', 'added'],
    ['won by a deal', { outcome: 'won', dealId: 'd-1' }, 'lost', 'unchanged'],
  ] as const)('on a lead closed %s, a %s deal: %s', (_, lead, outcome, effect) => {
    expect(dealEffect({ status: 'closed', ...lead }, outcome)).toBe(effect);
  });
});

describe('addedDealContribution', () => {
  it('counts one won deal and its amount for the lead’s manager and client on the deal’s day', () => {
    const added = addedDealContribution(
      { managerId: 'anna', contactId: 'c-1' },
      { closedAt: '2026-11-30T22:30:00Z', amountMinor: 70_000, currency: 'RUB' },
      ZONE,
    );

    expect(added).toEqual({
      day: '2026-12-01',
      month: '2026-12',
      managerId: 'anna',
      contactId: 'c-1',
      values: { won: 1, revenue_RUB: 70_000 },
    });
  });
});
