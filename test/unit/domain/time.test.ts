import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayInZone,
  dayRangeToInstants,
  daysBetween,
  isCalendarDate,
  zonedTimeToInstant,
} from '../../../shared/domain/time';

describe('business days in a time zone', () => {
  it.each([
    ['2026-11-27T20:59:59Z', 'Europe/Moscow', '2026-11-27'],
    ['2026-11-27T21:00:00Z', 'Europe/Moscow', '2026-11-28'],
    ['2026-11-27T23:30:00Z', 'Europe/Moscow', '2026-11-28'],
    ['2026-11-28T03:00:00Z', 'America/New_York', '2026-11-27'],
    ['2026-11-27T23:30:00Z', 'UTC', '2026-11-27'],
  ])('places %s in %s on %s', (instant, zone, day) => {
    expect(dayInZone(new Date(instant), zone)).toBe(day);
  });

  it('finds the instant of a local wall-clock time, across a daylight-saving change', () => {
    expect(zonedTimeToInstant('2026-11-27', '09:00', 'Europe/Moscow').toISOString()).toBe(
      '2026-11-27T06:00:00.000Z',
    );
    expect(zonedTimeToInstant('2026-03-29', '12:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T10:00:00.000Z',
    );
    expect(zonedTimeToInstant('2026-03-28', '12:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-28T11:00:00.000Z',
    );
  });

  it('turns an inclusive range of local dates into [start, end) instants', () => {
    const range = dayRangeToInstants('2026-11-01', '2026-11-30', 'Europe/Moscow');
    expect(range.start.toISOString()).toBe('2026-10-31T21:00:00.000Z');
    expect(range.end.toISOString()).toBe('2026-11-30T21:00:00.000Z');
  });

  it('does calendar arithmetic and rejects dates that do not exist', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-02-27', '2026-03-01')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
  });
});

describe('zonedTimeToInstant with seconds', () => {
  it('keeps the seconds of a local time', () => {
    expect(zonedTimeToInstant('2026-11-27', '13:00:42', 'Europe/Moscow').toISOString()).toBe(
      '2026-11-27T10:00:42.000Z',
    );
  });
});
