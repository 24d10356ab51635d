const DURATION =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const UNIT_MS = [604_800_000, 86_400_000, 3_600_000, 60_000, 1_000];
/** The longest window or age the API takes: a year of days. */
const MAX_MS = 366 * 86_400_000;

/**
 * Milliseconds of an ISO-8601 duration of weeks, days, hours, minutes and seconds (`PT5M`,
 * `P1DT12H`, `PT0.5S`); undefined for anything else (years and months have no fixed length),
 * a `T` with nothing after it, or more than 366 days.
 */
export function parseIsoDuration(text: string): number | undefined {
  const match = DURATION.exec(text.toUpperCase());
  if (!match || text.length < 3 || /T$/i.test(text)) return undefined;
  const parts = match.slice(1);
  if (parts.every((p) => p === undefined)) return undefined;
  const ms = Math.round(parts.reduce((sum, p, i) => sum + Number(p ?? 0) * (UNIT_MS[i] ?? 0), 0));
  return ms <= MAX_MS ? ms : undefined;
}

/** What a duration query parameter must be, for the 400's message. */
export const ISO_DURATION_MESSAGE =
  'must be an ISO-8601 duration of weeks, days, hours, minutes or seconds, at most P366D (e.g. PT5M, P1D)';
