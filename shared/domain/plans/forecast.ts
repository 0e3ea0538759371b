import { addDays, dayInZone, zonedTimeToInstant } from '../time';
import { WEEK_DAYS, type WeekDay, type WorkingHours } from '../types';

/** A calendar month in the business time zone: YYYY-MM. */
export const isMonth = (value: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

/** The month `n` months after (before, for a negative `n`) a month. */
export const addMonths = (month: string, n: number): string => {
  const [y = 1970, m = 1] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
};

/** Every date of a month, YYYY-MM-DD. */
export const daysOfMonth = (month: string): string[] => {
  const days: string[] = [];
  for (let day = `${month}-01`; day.startsWith(month); day = addDays(day, 1)) days.push(day);
  return days;
};

/** mon…sun of a calendar date (a date's weekday does not depend on a time zone). */
export const weekDayOf = (day: string): WeekDay => {
  const [y = 1970, m = 1, d = 1] = day.split('-').map(Number);
  const sundayFirst = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return WEEK_DAYS[(sundayFirst + 6) % 7] ?? 'mon';
};

/** A manager without working hours works Monday to Friday. */
const DEFAULT_DAYS: readonly WeekDay[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** Whether a manager works on a date: it has opening hours that weekday (no hours: Mon–Fri). */
export const isWorkingDay = (day: string, hours: WorkingHours | undefined): boolean => {
  const weekday = weekDayOf(day);
  if (!hours) return DEFAULT_DAYS.includes(weekday);
  return (hours.days[weekday]?.length ?? 0) > 0;
};

/**
 * Whether a working day is over at `now`: its last interval has ended, in the manager's time
 * zone (or the business one). Without working hours a day is over only when it is (midnight).
 */
const isOver = (
  day: string,
  hours: WorkingHours | undefined,
  now: Date,
  timeZone: string,
): boolean => {
  const zone = hours?.timeZone ?? timeZone;
  const intervals = hours?.days[weekDayOf(day)] ?? [];
  const ends = intervals.map(([, end]) =>
    end === '24:00'
      ? zonedTimeToInstant(addDays(day, 1), '00:00', zone)
      : zonedTimeToInstant(day, end, zone),
  );
  const last = ends.length
    ? Math.max(...ends.map((end) => end.getTime()))
    : zonedTimeToInstant(addDays(day, 1), '00:00', zone).getTime();
  return now.getTime() >= last;
};

/** A manager's working days of a month: how many, how many are behind, how many remain. */
export type MonthProgress = {
  readonly working: number;
  readonly elapsed: number;
  readonly remaining: number;
};

/**
 * Working days of `month` (dates in TIME_ZONE) for a manager at `now`. Days before today are
 * elapsed, days after it remain; today counts as elapsed once its working hours are over (a
 * manager without hours: once the day itself is over), and as remaining until then — its work
 * so far is in the fact already, so the pace of the days behind carries the rest of today.
 */
export const monthProgress = (
  month: string,
  now: Date,
  timeZone: string,
  hours: WorkingHours | undefined,
): MonthProgress => {
  const today = dayInZone(now, timeZone);
  let working = 0;
  let elapsed = 0;
  for (const day of daysOfMonth(month)) {
    if (!isWorkingDay(day, hours)) continue;
    working++;
    if (day < today || (day === today && isOver(day, hours, now, timeZone))) elapsed++;
  }
  return { working, elapsed, remaining: working - elapsed };
};

/**
 * The month's end at the pace so far: fact + (fact ÷ working days elapsed) × working days
 * remaining, rounded to a whole unit. A month with nothing left: the fact. Null while no
 * working day is behind (no pace yet to go by).
 */
export const forecast = (fact: number, progress: MonthProgress): number | null => {
  if (progress.remaining === 0) return fact;
  if (progress.elapsed === 0) return null;
  return Math.round(fact + (fact / progress.elapsed) * progress.remaining);
};
