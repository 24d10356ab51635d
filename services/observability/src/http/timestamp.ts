const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** What a date-time parameter must be, as a 400 says it. */
export const TIMESTAMP_MESSAGE =
  'must be an ISO-8601 date-time with a zone (e.g. 2026-12-06T01:00:00Z)';

/** An ISO-8601 date-time with a zone, or undefined. */
export function parseTimestamp(raw: string): Date | undefined {
  const date = ISO_TIMESTAMP.test(raw) ? new Date(raw) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}
