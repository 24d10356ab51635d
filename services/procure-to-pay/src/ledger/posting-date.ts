// Accounting dates are calendar days ('YYYY-MM-DD') in the facility's time zone (`localDate` of
// @meridian/contracts): a journal posted at 11 pm in Boston belongs to that day, not the next.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/**
 * A reversal is posted today, in the open period; a journal dated in the future is reversed on
 * its own date, so the reversal never comes before what it reverses.
 */
export function reversalPostingDate(originalPostingDate: string, today: string): string {
  return originalPostingDate > today ? originalPostingDate : today;
}
