// Money is integer cents in code, numeric(14,2) in PostgreSQL (`Decimal` strings on the wire and
// in HTTP answers: @meridian/contracts' money helpers).
import { formatCents, toCents } from '@meridian/contracts';
import type { ValueTransformer } from 'typeorm';

/** A numeric(14,2) column read and written as integer cents. */
export const CENTS_COLUMN: ValueTransformer = {
  to: (cents: number | null | undefined) =>
    cents === null || cents === undefined ? cents : formatCents(cents),
  from: (value: string | null) => (value === null ? null : toCents(value)),
};
