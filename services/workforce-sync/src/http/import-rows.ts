// What the service's imports add to the shared bulk-import reader: errors naming a row, and the
// check that an import lists each thing once.
import { InvalidRequestException } from '@meridian/service-kit';
import type { FieldError, ImportRow } from '@meridian/service-kit';

/** A field of an import row, named as the reader names them: `row 3: bedId`. */
export function rowField(row: number, field: string): Omit<FieldError, 'message'> {
  return { field: `row ${row}: ${field}`, row };
}

/** An error of an import row. */
export function rowError(row: number, field: string, message: string): FieldError {
  return { ...rowField(row, field), message };
}

/**
 * The rows, or a 400 naming each row that repeats an earlier one's `keyOf` (`field` of the row,
 * `what` the kind of thing: `unit`, `facility`).
 */
export function refuseRepeats<T extends ImportRow<unknown>>(
  rows: readonly T[],
  keyOf: (row: T) => string,
  field: string,
  what: string,
): T[] {
  const seen = new Map<string, number>();
  const errors = rows.flatMap((row) => {
    const key = keyOf(row);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, row.row);
    return first === undefined
      ? []
      : [rowError(row.row, field, `repeats ${what} ${key} of row ${first}`)];
  });
  if (errors.length > 0) throw new InvalidRequestException(errors);
  return [...rows];
}
