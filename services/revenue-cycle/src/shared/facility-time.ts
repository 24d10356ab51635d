// Calendar dates as the facility sees them: charges, claims and coding use the facility's local
// date, never the UTC one (an 8 pm admission in New York is already tomorrow in UTC).

const DAY_MS = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** Whether `timeZone` is an IANA zone this runtime knows, e.g. America/New_York. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The facility's calendar date of `instant`, `YYYY-MM-DD`. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = formatFor(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

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
