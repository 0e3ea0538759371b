import type { Dictionary } from './i18n/en';

/** Calendar days (YYYY-MM-DD) as UTC midnights: day arithmetic without time zones. */
export const utcDay = (day: string): Date => {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
};

export const addDays = (day: string, n: number): string => {
  const date = utcDay(day);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
};

/** A real calendar day written YYYY-MM-DD. */
export const isDay = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && addDays(value, 0) === value;

export type Format = ReturnType<typeof createFormat>;

/**
 * How the page writes numbers, durations, days and times in a language: Intl for its locale,
 * days of the business calendar as they are, instants in the business time zone.
 */
export const createFormat = (t: Dictionary, timeZone: string) => {
  const zone = timeZone || undefined;
  const integer = new Intl.NumberFormat(t.locale);
  const oneDecimal = new Intl.NumberFormat(t.locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const dayShort = new Intl.DateTimeFormat(t.locale, {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
  });
  const dayLong = new Intl.DateTimeFormat(t.locale, {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  const weekday = new Intl.DateTimeFormat(t.locale, { timeZone: 'UTC', weekday: 'short' });
  const at = new Intl.DateTimeFormat(t.locale, {
    timeZone: zone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  const time = new Intl.DateTimeFormat(t.locale, {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
  });
  const monthLong = new Intl.DateTimeFormat(t.locale, {
    timeZone: 'UTC',
    month: 'long',
    year: 'numeric',
  });
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  const moneyIn = (currency: string) => {
    let format = moneyFormats.get(currency);
    if (!format) {
      format = new Intl.NumberFormat(t.locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: 0,
        maximumFractionDigits: 2,
      });
      moneyFormats.set(currency, format);
    }
    return format;
  };
  const { seconds: s, minutes: min, hours: h } = t.units;

  const count = (n: number): string => integer.format(n);
  /** A share (0–1) as a percentage with one decimal. */
  const percent = (share: number | null | undefined): string =>
    share === null || share === undefined
      ? '—'
      : `${oneDecimal.format(Math.round(share * 1000) / 10)} %`;

  return {
    count,
    percent,
    /** A ratio of two figures the API gave: the only arithmetic on the page. */
    ratio: (part: number, whole: number): string => (whole > 0 ? percent(part / whole) : '—'),
    duration: (seconds: number | null | undefined): string => {
      if (seconds === null || seconds === undefined) return '—';
      if (seconds < 60) return `${seconds} ${s}`;
      const minutes = Math.floor(seconds / 60);
      if (minutes < 60) return `${minutes} ${min}${seconds % 60 ? ` ${seconds % 60} ${s}` : ''}`;
      const hours = Math.floor(minutes / 60);
      return `${hours} ${h}${minutes % 60 ? ` ${minutes % 60} ${min}` : ''}`;
    },
    dayShort: (day: string): string => dayShort.format(utcDay(day)),
    dayLong: (day: string): string => dayLong.format(utcDay(day)),
    weekdayAndDay: (day: string): string =>
      `${weekday.format(utcDay(day))} ${dayShort.format(utcDay(day))}`,
    /** An instant as day, month and time in the business time zone. */
    at: (iso: string): string => at.format(new Date(iso)),
    /** An instant as the time of day in the business time zone. */
    time: (iso: string): string => time.format(new Date(iso)),
    /** A month (YYYY-MM) by name: November 2026. */
    month: (month: string): string => monthLong.format(utcDay(`${month}-01`)),
    /** An amount of money in its currency (up to two decimals). */
    money: (amount: number | null | undefined, currency: string): string =>
      amount === null || amount === undefined ? '—' : moneyIn(currency).format(amount),
  };
};
