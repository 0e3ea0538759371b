import { describe, expect, it } from 'vitest';
import type { WorkingHours } from '../../../shared/domain/types';
import { isWorkingAt, nextOpening } from '../../../shared/domain/working-hours';

const weekdays: WorkingHours = {
  days: {
    mon: [['09:00', '18:00']],
    tue: [['09:00', '18:00']],
    wed: [['09:00', '18:00']],
    thu: [['09:00', '18:00']],
    fri: [
      ['09:00', '13:00'],
      ['14:00', '18:00'],
    ],
  },
};

describe('working hours', () => {
  it('treats no schedule as always at work', () => {
    expect(isWorkingAt(undefined, new Date('2026-11-29T03:00:00Z'), 'Europe/Moscow')).toBe(true);
  });

  it.each([
    ['22:00 on Thursday', '2026-11-26T19:00:00Z', '2026-11-27T06:00:00.000Z'],
    ['the Friday lunch break', '2026-11-27T10:15:00Z', '2026-11-27T11:00:00.000Z'],
    ['Friday evening (the weekend follows)', '2026-11-27T16:00:00Z', '2026-11-30T06:00:00.000Z'],
    ['a moment inside the day', '2026-11-25T08:00:00Z', '2026-11-25T08:00:00.000Z'],
  ])('opens next, after %s, at the right instant', (_, instant, expected) => {
    expect(nextOpening(weekdays, new Date(instant), 'Europe/Moscow')?.toISOString()).toBe(expected);
  });

  it('finds no opening in a schedule without a single working day', () => {
    expect(
      nextOpening({ days: {} }, new Date('2026-11-27T09:00:00Z'), 'Europe/Moscow'),
    ).toBeUndefined();
  });
});
