import { describe, expect, it } from 'vitest';
import {
  addMonths,
  daysOfMonth,
  forecast,
  isMonth,
  isWorkingDay,
  monthProgress,
  weekDayOf,
} from '../../../../shared/domain/plans/forecast';
import { monthFacts, planProgress } from '../../../../shared/domain/plans/progress';
import type { WorkingHours } from '../../../../shared/domain/types';

const ZONE = 'Europe/Moscow';
/** November 2026: the 1st is a Sunday; 21 weekdays. */
const MONTH = '2026-11';
const moscow = (day: string, time: string) => new Date(Date.parse(`${day}T${time}:00+03:00`));

const SHIFTS: WorkingHours = {
  days: {
    mon: [
      ['09:00', '13:00'],
      ['14:00', '18:00'],
    ],
    wed: [['09:00', '18:00']],
    sat: [['10:00', '16:00']],
  },
};

describe('months and working days', () => {
  it.each([
    ['2026-11', true],
    ['2026-13', false],
    ['2026-1', false],
    ['26-11', false],
  ])('knows %s is a month: %s', (value, ok) => {
    expect(isMonth(value)).toBe(ok);
  });

  it('counts months across years', () => {
    expect(addMonths('2026-11', 2)).toBe('2027-01');
    expect(addMonths('2026-01', -12)).toBe('2025-01');
    expect(daysOfMonth('2028-02')).toHaveLength(29);
  });

  it('knows the weekday of a date', () => {
    expect(weekDayOf('2026-11-01')).toBe('sun');
    expect(weekDayOf('2026-11-30')).toBe('mon');
  });

  it('works Monday to Friday without hours, on the days with hours otherwise', () => {
    expect(isWorkingDay('2026-11-02', undefined)).toBe(true);
    expect(isWorkingDay('2026-11-07', undefined)).toBe(false);
    expect(isWorkingDay('2026-11-07', SHIFTS)).toBe(true);
    expect(isWorkingDay('2026-11-03', SHIFTS)).toBe(false);
  });
});

describe('monthProgress', () => {
  it.each([
    // Wednesday 11 November: 7 weekdays before it, today counts once the day is over.
    { at: moscow('2026-11-11', '12:00'), hours: undefined, expected: [21, 7, 14] },
    { at: moscow('2026-11-11', '23:59'), hours: undefined, expected: [21, 7, 14] },
    { at: moscow('2026-11-12', '00:00'), hours: undefined, expected: [21, 8, 13] },
    // Shifts: Mon, Wed, Sat — 13 days in November; Wednesday is over at 18:00.
    { at: moscow('2026-11-11', '17:59'), hours: SHIFTS, expected: [13, 4, 9] },
    { at: moscow('2026-11-11', '18:00'), hours: SHIFTS, expected: [13, 5, 8] },
    // A manager in Yekaterinburg (+05:00) ends at 18:00 there: 16:00 in Moscow.
    {
      at: moscow('2026-11-11', '16:00'),
      hours: { ...SHIFTS, timeZone: 'Asia/Yekaterinburg' },
      expected: [13, 5, 8],
    },
    // A past month is all behind; a future one all ahead.
    { at: moscow('2026-12-01', '09:00'), hours: undefined, expected: [21, 21, 0] },
    { at: moscow('2026-10-31', '09:00'), hours: undefined, expected: [21, 0, 21] },
  ])('counts working days at $at', ({ at, hours, expected }) => {
    const [working, elapsed, remaining] = expected;
    expect(monthProgress(MONTH, at, ZONE, hours)).toEqual({ working, elapsed, remaining });
  });
});

describe('forecast', () => {
  it.each([
    { fact: 70, days: { working: 21, elapsed: 7, remaining: 14 }, expected: 210 },
    { fact: 10, days: { working: 21, elapsed: 3, remaining: 18 }, expected: 70 },
    { fact: 5, days: { working: 21, elapsed: 21, remaining: 0 }, expected: 5 },
    { fact: 3, days: { working: 21, elapsed: 0, remaining: 21 }, expected: null },
    { fact: 0, days: { working: 0, elapsed: 0, remaining: 0 }, expected: 0 },
  ])('goes from $fact to $expected over $days', ({ fact, days, expected }) => {
    expect(forecast(fact, days)).toBe(expected);
  });
});

describe('planProgress', () => {
  const facts = monthFacts(['anna', 'boris', 'vera'], {
    leads: [
      { managerId: 'anna', values: { f_leads: 4, accepted: 3 } },
      { managerId: 'anna', values: { f_leads: 2 } },
      { values: { f_leads: 9 } },
    ],
    calls: [
      { managerId: 'anna', values: { calls: 30, effective: 12 } },
      { managerId: 'boris', values: { calls: 10, effective: 1 } },
      { managerId: '-', values: { calls: 5 } },
    ],
    deals: [
      { managerId: 'anna', values: { won: 2, revenue_RUB: 150_000_00, revenue_USD: 10_00 } },
      { values: { won: 2, revenue_RUB: 150_000_00 } },
    ],
  });
  const days = { working: 21, elapsed: 7, remaining: 14 };

  it('reads each manager’s facts from the rows of the month’s days', () => {
    expect(facts.get('anna')).toEqual({
      leads: 6,
      calls: 30,
      effectiveConversations: 12,
      won: 2,
      revenue: 150_000_00,
      otherRevenue: { USD: 10_00 },
    });
    expect(facts.get('vera')).toEqual({
      leads: 0,
      calls: 0,
      effectiveConversations: 0,
      won: 0,
      revenue: 0,
      otherRevenue: {},
    });
  });

  it('answers plan, fact, percent and forecast per manager and for the team', () => {
    const progress = planProgress(
      ['anna', 'boris', 'vera'],
      {
        month: MONTH,
        managers: { anna: { calls: 120, revenue: 600_000_00 }, boris: { calls: 80 } },
        team: { won: 10 },
        updatedAt: '2026-11-01T00:00:00Z',
      },
      facts,
      new Map([
        ['anna', days],
        ['boris', days],
        ['vera', { working: 21, elapsed: 0, remaining: 21 }],
      ]),
    );

    expect(progress.managers.anna?.calls).toEqual({
      plan: 120,
      fact: 30,
      percent: 25,
      forecast: 90,
    });
    expect(progress.managers.anna?.revenue).toEqual({
      plan: 600_000_00,
      fact: 150_000_00,
      percent: 25,
      forecast: 450_000_00,
    });
    expect(progress.managers.boris?.leads).toEqual({
      plan: null,
      fact: 0,
      percent: null,
      forecast: 0,
    });
    expect(progress.managers.vera?.calls).toEqual({
      plan: null,
      fact: 0,
      percent: null,
      forecast: null,
    });
    expect(progress.team.calls).toEqual({ plan: 200, fact: 40, percent: 20, forecast: 120 });
    expect(progress.team.won).toEqual({ plan: 10, fact: 2, percent: 20, forecast: 6 });
    expect(progress.team.leads.plan).toBeNull();
  });
});
