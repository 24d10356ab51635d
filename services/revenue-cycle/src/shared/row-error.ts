import type { FieldError } from '@meridian/service-kit';

/**
 * A problem with a field of a bulk import's row found across rows (a repeat, a conflict), named
 * as the service kit's bulk-import reader names the fields of a row: `row 3: cdmCode`.
 */
export function rowError(row: number, field: string, message: string): FieldError {
  return { field: `row ${row}: ${field}`, row, message };
}
