// Bulk import of reference data (units, chargemaster, payers, items, GL mapping...): one reader
// for every service's `POST .../import`, so each accepts the same two shapes and reports errors
// the same way. The service validates one row at a time and applies the rows in one transaction.
import { HttpStatus } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { InvalidRequestException, ProblemException } from '../problem/problem-details.js';
import type { FieldError } from '../problem/problem-details.js';

/** Media type of a CSV import body (RFC 4180): a header line naming the columns, one row per line. */
export const CSV = 'text/csv';

/** A row's validation: its value, or every problem with the field (JSON) or column (CSV) named. */
export type RowResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/**
 * What one import takes. `validateRow` sees a JSON element as sent, or a CSV row as an object of
 * its columns' texts (an empty cell is absent); it names fields without a row prefix.
 */
export interface ImportSpec<T> {
  /** What a row is, for messages: `chargemaster row`, `payer`. */
  readonly what: string;
  /** The most rows one import may carry. */
  readonly maxRows: number;
  /** The JSON body's list field when it is an object, `{ "<listField>": [...] }`; a bare array is read too. */
  readonly listField: string;
  /** Every column a CSV body may have; another one is an error naming it. */
  readonly columns: readonly string[];
  readonly validateRow: (row: Readonly<Record<string, unknown>>) => RowResult<T>;
  /**
   * The fields that identify a row (`['code']`, `['facilityId', 'unitId']`): a row with the same
   * values as an earlier one is refused, `row 3: <last key field>` `repeats row 1`.
   */
  readonly key?: readonly (keyof T & string)[];
  /**
   * Problems across rows besides a repeated key (one GTIN on two items), named with `rowError`;
   * run when every row is valid, on the rows that repeat no key. They are answered in one 400 with
   * the repeated keys, by row.
   */
  readonly checkRows?: (rows: readonly ImportRow<T>[]) => readonly FieldError[];
}

/** One row of an import with its 1-based number in the file (CSV data rows; JSON elements). */
export interface ImportRow<T> {
  readonly row: number;
  readonly value: T;
}

/** The problem an import answers when rows are invalid: 400 with `errors[].field` as `row 3: unitPrice`. */
function rowErrors(errors: readonly FieldError[]): InvalidRequestException {
  return new InvalidRequestException(errors);
}

/**
 * The error of a field of an import's row, named `row 3: unitPrice` with its row, as `readImport`
 * names them; for problems a service finds across rows or when writing them.
 */
export function rowError(row: number, field: string, message: string): FieldError {
  return { field: `row ${row}: ${field}`, row, message };
}

/** Whether a body of this Content-Type is a CSV import (`text/csv`, parameters aside). */
export function isCsv(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === CSV;
}

/** The rows of a CSV text as objects of their columns, or a 400 naming the line that cannot be read. */
function csvRows<T>(text: string, spec: ImportSpec<T>): Record<string, unknown>[] {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw rowErrors([
      {
        field: line === undefined ? 'body' : `line ${line}`,
        message: `is not valid CSV (RFC 4180)`,
      },
    ]);
  }
  const [header, ...data] = records;
  if (header === undefined) throw rowErrors([{ field: 'body', message: `has no header line` }]);
  const unknown = header.filter((column) => !spec.columns.includes(column));
  const repeated = header.filter((column, index) => header.indexOf(column) !== index);
  const errors = [
    ...unknown.map((column) => ({
      field: `header: ${column}`,
      message: `is not a column of a ${spec.what} (${spec.columns.join(', ')})`,
    })),
    ...repeated.map((column) => ({ field: `header: ${column}`, message: 'is named twice' })),
  ];
  if (errors.length > 0) throw rowErrors(errors);
  return data.map((cells) => {
    const row: Record<string, unknown> = {};
    header.forEach((column, index) => {
      const cell = cells[index];
      if (cell !== undefined && cell !== '') row[column] = cell;
    });
    return row;
  });
}

/** The elements of a JSON import body: a bare array, or `{ "<listField>": [...] }`. */
function jsonRows<T>(body: unknown, spec: ImportSpec<T>): unknown[] {
  if (Array.isArray(body)) return body;
  if (typeof body === 'object' && body !== null) {
    const fields = Object.keys(body);
    const list = (body as Record<string, unknown>)[spec.listField];
    const others = fields.filter((field) => field !== spec.listField);
    if (others.length > 0)
      throw rowErrors(others.map((field) => ({ field, message: 'is not a known field' })));
    if (Array.isArray(list)) return list;
  }
  throw rowErrors([
    {
      field: spec.listField,
      message: `must be an array of ${spec.what}s (or the body a bare array, or text/csv)`,
    },
  ]);
}

/**
 * Every row of an import body, validated, or one 400 problem+json naming each invalid row and
 * field (`row 3: unitPrice`), so a sender fixes the whole file at once. `body` is the parsed JSON,
 * or the text when `contentType` is text/csv. Nothing is applied by this; the caller writes all
 * rows in one transaction.
 */
export function readImport<T>(
  body: unknown,
  contentType: string | undefined,
  spec: ImportSpec<T>,
): ImportRow<T>[] {
  const csv = isCsv(contentType);
  if (csv && typeof body !== 'string')
    throw rowErrors([{ field: 'body', message: 'must be CSV text with a header line' }]);
  const raw = csv ? csvRows(body as string, spec) : jsonRows(body, spec);
  if (raw.length === 0)
    throw rowErrors([{ field: 'body', message: `must carry at least one ${spec.what}` }]);
  if (raw.length > spec.maxRows)
    throw new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, {
      detail: `An import carries at most ${spec.maxRows} ${spec.what}s; this one has ${raw.length}. Split it.`,
    });
  const rows: ImportRow<T>[] = [];
  const errors: FieldError[] = [];
  raw.forEach((element, index) => {
    const row = index + 1;
    if (typeof element !== 'object' || element === null || Array.isArray(element)) {
      errors.push(rowError(row, 'row', `must be a JSON object (a ${spec.what})`));
      return;
    }
    const result = spec.validateRow(element as Record<string, unknown>);
    if (result.ok) rows.push({ row, value: result.value });
    else errors.push(...result.errors.map((e) => rowError(row, e.field, e.message)));
  });
  if (errors.length > 0) throw rowErrors(errors);
  const across = acrossRows(rows, spec);
  if (across.length > 0) throw rowErrors(across);
  return rows;
}

/** The repeated keys and `checkRows` problems of valid rows, by row. */
function acrossRows<T>(rows: readonly ImportRow<T>[], spec: ImportSpec<T>): FieldError[] {
  const { key = [], checkRows } = spec;
  const field = key.at(-1);
  const firstRow = new Map<string, number>();
  const repeats: FieldError[] = [];
  const unique = rows.filter(({ row, value }) => {
    if (field === undefined) return true;
    const id = JSON.stringify(key.map((name) => String(value[name])));
    const first = firstRow.get(id);
    if (first === undefined) firstRow.set(id, row);
    else repeats.push(rowError(row, field, `repeats row ${first}`));
    return first === undefined;
  });
  const errors = [...repeats, ...(checkRows?.(unique) ?? [])];
  return errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

/**
 * The row of a `PUT /<resource>/:key`: the body with the path's key fields (`{ code: '4010' }`),
 * which the body may repeat but not contradict, read by the spec's `validateRow`; else one 400
 * naming every invalid field, a key field the body contradicts once (`code`: must be the code of
 * the path), before the others.
 */
export function readPut<T>(
  spec: ImportSpec<T>,
  path: Readonly<Record<string, string>>,
  body: unknown,
): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw rowErrors([{ field: 'body', message: `must be a JSON object (one ${spec.what})` }]);
  const given = body as Record<string, unknown>;
  const contradicted = pathKeyErrors(path, given);
  const result = spec.validateRow({ ...given, ...path });
  const named = new Set(contradicted.map((e) => e.field));
  const invalid = result.ok ? [] : result.errors.filter((e) => !named.has(e.field));
  const errors = [...contradicted, ...invalid];
  if (errors.length > 0 || !result.ok) throw rowErrors(errors);
  return result.value;
}

/**
 * An error for each key field of a PUT's path (`{ payerId: 'HPHC' }`) that its body gives another
 * value (`payerId must be the payerId of the path, HPHC, or left out`).
 */
export function pathKeyErrors(
  path: Readonly<Record<string, string>>,
  body: Readonly<Record<string, unknown>>,
): FieldError[] {
  return Object.entries(path)
    .filter(([field, key]) => body[field] !== undefined && body[field] !== key)
    .map(([field, key]) => ({
      field,
      message: `must be the ${field} of the path, ${key}, or left out`,
    }));
}

/**
 * The problem+json of a write that refused rows of an import or PUT (a 409: one GTIN on two
 * items), each named in `errors` (`row 3: gtins`, or `gtins` of a PUT) and listed in the detail.
 */
export function rowsRefused(
  status: number,
  problem: { readonly type: string; readonly title: string },
  errors: readonly FieldError[],
  cause?: unknown,
): ProblemException {
  return new ProblemException(
    status,
    { ...problem, detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors },
    { cause },
  );
}
