// Days as the facility counts them: calendar dates in its time zone (`localDate` of
// @meridian/contracts), never UTC ones (an 8 pm admission in New York is already tomorrow in UTC).
import { localDate } from '@meridian/contracts';

const DAY_MS = 86_400_000;

/** Days from calendar date `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * Midnights the facility's clocks pass from `start` to `end`: the number of local calendar dates
 * crossed, whatever the length of the days in between (23 or 25 hours across DST changes).
 */
export function midnightsBetween(start: Date, end: Date, timeZone: string): number {
  return daysBetween(localDate(start, timeZone), localDate(end, timeZone));
}
