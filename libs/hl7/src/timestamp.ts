import { isTimeZone } from '@meridian/contracts';

/** The DTM/TS format this parser reads. */
export const HL7_TIMESTAMP_FORMAT = 'YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]';

/**
 * A value that is not an HL7 DTM/TS. The message says what is wrong without repeating the value
 * (a timestamp may be a birth date: PHI); the value is kept on the error for the caller.
 */
export class Hl7TimestampError extends Error {
  constructor(
    readonly value: string,
    reason: string,
  ) {
    super(`not a valid HL7 timestamp (${HL7_TIMESTAMP_FORMAT}): ${reason}`);
    this.name = 'Hl7TimestampError';
  }
}

const DTM =
  /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?)?)?)?)?(?:([+-])(\d{2})(\d{2}))?$/;

const MINUTE_MS = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Wall-clock fields of an instant in a time zone. */
interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** The zone's offset from UTC at a whole second, in ms, from its rules (Intl: the slow way). */
function rulesOffsetMs(seconds: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(seconds))
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const wall = Date.UTC(
    parts['year'] ?? 0,
    (parts['month'] ?? 1) - 1,
    parts['day'] ?? 1,
    parts['hour'] ?? 0,
    parts['minute'] ?? 0,
    parts['second'] ?? 0,
  );
  return wall - seconds;
}

const HOUR_MS = 3_600_000;
/** Hours of one zone whose offset is remembered; past that the zone's memo starts again. */
const MAX_KNOWN_HOURS = 4096;
/**
 * Per zone, UTC hours (epoch ms / HOUR_MS) in which its offset does not change, with that
 * offset: what the zone's rules say (the same for every message), so an hour costs two Intl
 * look-ups once instead of one or more per timestamp read or written.
 */
const knownHours = new Map<string, Map<number, number>>();

/** The zone's offset from UTC at an instant, in ms (New York in winter: -5 h). */
export function timeZoneOffsetMs(epochMs: number, timeZone: string): number {
  const seconds = Math.floor(epochMs / 1000) * 1000;
  const hour = Math.floor(seconds / HOUR_MS);
  let hours = knownHours.get(timeZone);
  const known = hours?.get(hour);
  if (known !== undefined) return known;
  // The same offset at the first and the last second of the hour: none changed inside it (no
  // zone changes its offset twice within an hour). Else the hour holds a change: read the second.
  const first = rulesOffsetMs(hour * HOUR_MS, timeZone);
  if (rulesOffsetMs((hour + 1) * HOUR_MS - 1000, timeZone) !== first)
    return rulesOffsetMs(seconds, timeZone);
  if (!hours || hours.size >= MAX_KNOWN_HOURS) knownHours.set(timeZone, (hours = new Map()));
  hours.set(hour, first);
  return first;
}

function wallClock(epochMs: number, timeZone: string): WallClock {
  const seconds = Math.floor(epochMs / 1000) * 1000;
  const wall = new Date(seconds + timeZoneOffsetMs(seconds, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/**
 * The instant of a wall-clock time in a zone. An ambiguous time (the repeated hour when clocks go
 * back) is its first occurrence; a time that does not exist (skipped when clocks go forward) is
 * read with the offset before the change, i.e. moved forward by the gap (02:30 -> 03:30).
 */
function zonedToEpoch(wallMs: number, timeZone: string): number {
  const guess = timeZoneOffsetMs(wallMs, timeZone);
  const first = timeZoneOffsetMs(wallMs - guess, timeZone);
  if (first === guess) return wallMs - guess;
  const second = timeZoneOffsetMs(wallMs - first, timeZone);
  return second === first ? wallMs - first : wallMs - Math.min(first, second);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Reads an HL7 DTM (or the first component of a TS): `YYYY[MM[DD[HH[MM[SS[.S{1,4}]]]]]][+/-ZZZZ]`.
 * Missing parts are their first value (month 1, day 1, 00:00:00). Without an offset, the time is
 * the local time of `timeZone` (IANA, e.g. `America/New_York`). Throws `Hl7TimestampError`.
 */
export function parseHl7Timestamp(value: string, options: { readonly timeZone: string }): Date {
  const match = DTM.exec(value.trim());
  if (!match) throw new Hl7TimestampError(value, 'unexpected characters or length');
  const [, y, mo, d, h, mi, s, fraction, sign, offsetH, offsetM] = match;
  const year = Number(y);
  const month = Number(mo ?? 1);
  const day = Number(d ?? 1);
  const [hour, minute, second] = [Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)];
  if (month < 1 || month > 12) throw new Hl7TimestampError(value, 'month out of range');
  if (day < 1 || day > daysInMonth(year, month))
    throw new Hl7TimestampError(value, 'day out of range for the month');
  if (hour > 23) throw new Hl7TimestampError(value, 'hour out of range');
  if (minute > 59) throw new Hl7TimestampError(value, 'minute out of range');
  if (second > 59) throw new Hl7TimestampError(value, 'second out of range');
  const ms = fraction === undefined ? 0 : Math.floor(Number(fraction.padEnd(4, '0')) / 10);
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (sign === undefined) {
    if (!isTimeZone(options.timeZone)) {
      throw new RangeError(`'${options.timeZone}' is not an IANA time zone`);
    }
    return new Date(zonedToEpoch(wallMs, options.timeZone));
  }
  const [oh, om] = [Number(offsetH), Number(offsetM)];
  if (oh > 14 || om > 59) throw new Hl7TimestampError(value, 'time zone offset out of range');
  const offset = (sign === '-' ? -1 : 1) * (oh * 60 + om) * MINUTE_MS;
  return new Date(wallMs - offset);
}

export type TimestampPrecision = 'day' | 'minute' | 'second' | 'millisecond';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Writes an instant as an HL7 DTM in `timeZone` (default UTC) with its offset, e.g.
 * `20261120083000-0500`; precision `day` writes the date alone (`20261120`).
 */
export function formatHl7Timestamp(
  date: Date,
  options: { readonly timeZone?: string; readonly precision?: TimestampPrecision } = {},
): string {
  const timeZone = options.timeZone ?? 'UTC';
  const precision = options.precision ?? 'second';
  const epoch = date.getTime();
  const w = wallClock(epoch, timeZone);
  const day = `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}`;
  if (precision === 'day') return day;
  const offsetMinutes = Math.round(timeZoneOffsetMs(epoch, timeZone) / MINUTE_MS);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone = `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
  const minute = `${day}${pad(w.hour)}${pad(w.minute)}`;
  if (precision === 'minute') return `${minute}${zone}`;
  const second = `${minute}${pad(w.second)}`;
  if (precision === 'second') return `${second}${zone}`;
  return `${second}.${pad(((epoch % 1000) + 1000) % 1000, 3)}${zone}`;
}
