// Calendar arithmetic shared by the three agencies' date fields: everything ends as `YYYY-MM-DD`.
import { UdiError } from './udi-error.js';

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function daysInYear(year: number): number {
  return lastDayOfMonth(year, 2) === 29 ? 366 : 365;
}

export function isoDate({ year, month, day }: CalendarDate): string {
  const pad = (value: number, width: number): string => String(value).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * The full year of a two-digit year by the GS1 sliding window (General Specifications 7.12): a
 * year 51 or more ahead of `today`'s is in the previous century, 50 or more behind in the next one.
 */
export function slidingWindowYear(yy: number, today: Date): number {
  const current = today.getUTCFullYear();
  const century = current - (current % 100);
  const diff = yy - (current % 100);
  return century + yy + (diff >= 51 ? -100 : diff <= -50 ? 100 : 0);
}

/**
 * A calendar date checked against the calendar, as `YYYY-MM-DD`; day 0 means the month's last day
 * when `dayZeroIsLastDay` (GS1 YYMMDD dates). `label` names the field in the message.
 */
export function checkedDate(
  part: string,
  label: string,
  date: CalendarDate,
  options: { readonly dayZeroIsLastDay?: boolean } = {},
): string {
  const { year, month, day } = date;
  if (month < 1 || month > 12) throw new UdiError(part, `${label} has month ${month}`);
  const lastDay = lastDayOfMonth(year, month);
  if (day === 0 && options.dayZeroIsLastDay) return isoDate({ year, month, day: lastDay });
  if (day < 1 || day > lastDay) {
    throw new UdiError(part, `${label} has day ${day} in month ${month}`);
  }
  return isoDate(date);
}

/** The date of day `ordinal` (1 = 1 January) of `year` (a Julian date YYJJJ or cyyjjj). */
export function ordinalDate(part: string, label: string, year: number, ordinal: number): string {
  if (ordinal < 1 || ordinal > daysInYear(year)) {
    throw new UdiError(part, `${label} has day ${ordinal} of a ${daysInYear(year)}-day year`);
  }
  const date = new Date(Date.UTC(year, 0, ordinal));
  return isoDate({ year, month: date.getUTCMonth() + 1, day: date.getUTCDate() });
}

/** The ordinal day (1 = 1 January) of a calendar date. */
export function dayOfYear({ year, month, day }: CalendarDate): number {
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
}

/** A builder's `YYYY-MM-DD` argument; a RangeError names the field when it is not a real date. */
export function readIsoDate(field: string, value: string): CalendarDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match
    ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }
    : undefined;
  if (
    date === undefined ||
    date.month < 1 ||
    date.month > 12 ||
    date.day < 1 ||
    date.day > lastDayOfMonth(date.year, date.month)
  ) {
    throw new RangeError(`${field} must be a date YYYY-MM-DD`);
  }
  return date;
}

export const two = (value: number): string => String(value % 100).padStart(2, '0');
