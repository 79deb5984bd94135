import { DateTime, IANAZone } from 'luxon';
import type { Instant } from './ports.js';

/**
 * A calendar day, `YYYY-MM-DD`, always interpreted in some lottery's time zone.
 * Days are never computed by adding 24 hours: a day may last 23 or 25 hours.
 */
export type LocalDate = string & { readonly __brand: 'LocalDate' };

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

export const isLocalDate = (value: string): value is LocalDate => {
  if (!datePattern.test(value)) return false;
  const parsed = DateTime.fromISO(value, { zone: 'UTC' });
  return parsed.isValid && parsed.toISODate() === value;
};

export const parseLocalDate = (value: string): LocalDate | undefined =>
  isLocalDate(value) ? value : undefined;

export const isTimeZone = (zone: string): boolean =>
  zone.length > 0 && zone.length <= 64 && IANAZone.isValidZone(zone);

/** The calendar day that `instant` falls on in `zone`. */
export const dateAt = (instant: Instant, zone: string): LocalDate =>
  DateTime.fromMillis(instant, { zone }).toISODate() as LocalDate;

export const addDays = (date: LocalDate, days: number): LocalDate =>
  DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as LocalDate;

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: LocalDate, to: LocalDate): number =>
  Math.round(
    DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days')
      .days,
  );

/** The start of `date` in `zone`: its first instant (local midnight, or the first valid time). */
export const startOfDay = (date: LocalDate, zone: string): Instant => {
  const start = DateTime.fromISO(date, { zone }).startOf('day');
  // Where clocks fall back across midnight (America/Havana, Atlantic/Azores), midnight happens
  // twice, and which one Luxon picks depends on the real current date: always take the first.
  const before = start.minus({ milliseconds: 1 });
  return before.toISODate() === date
    ? start.toMillis() - (before.offset - start.offset) * 60_000
    : start.toMillis();
};

/**
 * The half-open window [start, end) of `date` in `zone`. `end` is the next day's start: the
 * moment this day's draw closes. Its length is 23, 24 or 25 hours.
 */
export const dayWindow = (date: LocalDate, zone: string): { start: Instant; end: Instant } => ({
  start: startOfDay(date, zone),
  end: startOfDay(addDays(date, 1), zone),
});

export const compareDates = (a: LocalDate, b: LocalDate): number => (a < b ? -1 : a > b ? 1 : 0);

export const toIso = (instant: Instant): string =>
  DateTime.fromMillis(instant, { zone: 'UTC' }).toISO()!;
