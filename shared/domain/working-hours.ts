import { addDays, dayInZone, zonedTimeToInstant } from './time';
import { WEEK_DAYS, type WeekDay, type WorkingHours } from './types';

const weekdayFormatters = new Map<string, Intl.DateTimeFormat>();

/** mon…sun of an instant in a time zone. */
export const weekDayIn = (instant: Date, timeZone: string): WeekDay => {
  let formatter = weekdayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' });
    weekdayFormatters.set(timeZone, formatter);
  }
  const name = formatter.format(instant).toLowerCase().slice(0, 3);
  return (WEEK_DAYS as readonly string[]).includes(name) ? (name as WeekDay) : 'mon';
};

/** The opening intervals of one calendar day, as instants. Breaks are the gaps between them. */
const intervalsOn = (hours: WorkingHours, day: string, timeZone: string) => {
  const weekday = weekDayIn(zonedTimeToInstant(day, '12:00', timeZone), timeZone);
  return (hours.days[weekday] ?? []).map(([from, to]) => ({
    start: zonedTimeToInstant(day, from, timeZone),
    end:
      to === '24:00'
        ? zonedTimeToInstant(addDays(day, 1), '00:00', timeZone)
        : zonedTimeToInstant(day, to, timeZone),
  }));
};

/**
 * Whether a manager works at an instant: inside one of the day's intervals in the manager's
 * time zone (or the business one). No schedule at all means always.
 */
export const isWorkingAt = (
  hours: WorkingHours | undefined,
  instant: Date,
  businessTimeZone: string,
): boolean => {
  if (!hours) return true;
  const zone = hours.timeZone ?? businessTimeZone;
  const day = dayInZone(instant, zone);
  return intervalsOn(hours, day, zone).some(
    ({ start, end }) => instant.getTime() >= start.getTime() && instant.getTime() < end.getTime(),
  );
};

/**
 * The next instant at or after `instant` when the schedule is open; undefined if it never is
 * within two weeks (no working days at all).
 */
export const nextOpening = (
  hours: WorkingHours | undefined,
  instant: Date,
  businessTimeZone: string,
): Date | undefined => {
  if (!hours || isWorkingAt(hours, instant, businessTimeZone)) return instant;
  const zone = hours.timeZone ?? businessTimeZone;
  const today = dayInZone(instant, zone);
  for (let offset = 0; offset <= 14; offset++) {
    const day = addDays(today, offset);
    const next = intervalsOn(hours, day, zone)
      .map(({ start }) => start)
      .filter((start) => start.getTime() >= instant.getTime())
      .sort((a, b) => a.getTime() - b.getTime())[0];
    if (next) return next;
  }
  return undefined;
};
