const dayFormatters = new Map<string, Intl.DateTimeFormat>();
const partsFormatters = new Map<string, Intl.DateTimeFormat>();

const dayFormatter = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter;
};

/** The calendar date (YYYY-MM-DD) of an instant in a time zone: 23:30 UTC is tomorrow in Moscow. */
export const dayInZone = (instant: Date, timeZone: string): string =>
  dayFormatter(timeZone).format(instant);

/** Offset of the zone from UTC at an instant, in minutes (Moscow: +180). */
export const zoneOffsetMinutes = (instant: Date, timeZone: string): number => {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return Math.round((asUtc - (instant.getTime() - instant.getMilliseconds())) / 60_000);
};

/** The instant a local wall-clock time (YYYY-MM-DD, HH:MM[:SS]) happens in a zone. */
export const zonedTimeToInstant = (day: string, time: string, timeZone: string): Date => {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm, ss] = time.split(':').map(Number);
  const wall = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0, ss ?? 0);
  // Two passes settle the offset across a daylight-saving change.
  let instant = wall - zoneOffsetMinutes(new Date(wall), timeZone) * 60_000;
  instant = wall - zoneOffsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
};

/** [start, end) of an inclusive range of local dates, as instants. */
export const dayRangeToInstants = (
  from: string,
  to: string,
  timeZone: string,
): { readonly start: Date; readonly end: Date } => ({
  start: zonedTimeToInstant(from, '00:00', timeZone),
  end: zonedTimeToInstant(addDays(to, 1), '00:00', timeZone),
});

/** Calendar arithmetic on YYYY-MM-DD strings. */
export const addDays = (day: string, days: number): string => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
};

/** Every date from `from` to `to`, inclusive. */
export const daysBetween = (from: string, to: string): string[] => {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
};

export const isCalendarDate = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && addDays(value, 0) === value;
