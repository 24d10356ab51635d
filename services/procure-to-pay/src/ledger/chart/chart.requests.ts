// The rows of the chart's import API (`PUT /accounts/:code`, `POST /accounts/import`, and the same
// for cost centers and the revenue-code mapping): JSON objects or CSV rows, every field a text,
// validated with the service kit's reader, so a 400 names each invalid field (`row 3: glAccount`).
import { REVENUE_CODE_FAMILY_PATTERN, REVENUE_CODE_PATTERN } from '@meridian/contracts';
import { InvalidRequestException, QueryParams } from '@meridian/service-kit';
import type { ImportSpec, RowResult } from '@meridian/service-kit';
import { ACCOUNT_TYPES } from './chart.entities.js';
import type { AccountType } from './chart.entities.js';

/** An account of the chart; its normal balance follows from its type. */
export interface AccountRow {
  readonly code: string;
  readonly name: string;
  readonly type: AccountType;
}

export interface CostCenterRow {
  readonly code: string;
  readonly name: string;
  /** Nursing unit of the bed board (4W); null for other departments. */
  readonly unitId: string | null;
}

/** Where the revenue of a UB-04 revenue code (0120) or 3-digit family (012) posts. */
export interface RevenueMappingRow {
  readonly revenueCode: string;
  readonly glAccount: string;
  readonly costCenter: string;
  readonly description: string;
}

/** Rows one import may carry (a hospital chart is hundreds to a few thousand rows). */
export const MAX_IMPORT_ROWS = 10_000;

const ACCOUNT_CODE = /^\d{4,10}$/;
const ACCOUNT_CODE_MESSAGE = 'must be an account number of 4 to 10 digits, e.g. 4010';
const COST_CENTER = /^[A-Z0-9][A-Z0-9-]{0,19}$/;
const COST_CENTER_MESSAGE = 'must be a cost center code (capitals, digits, -), e.g. CC-4W';
const UNIT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$/;
/** A UB-04 revenue code (0120) or a family of them (012). */
const REVENUE_CODE = new RegExp(
  `${REVENUE_CODE_PATTERN.source}|${REVENUE_CODE_FAMILY_PATTERN.source}`,
);
const MAX_NAME = 100;

// The reader records the first problem of each field, so a field read twice (present, then
// valid) is named once. A missing or invalid required field reads as a placeholder: the row is
// refused then, its value never used.

/** A required text of at most `max` characters that `pattern` (when given) accepts. */
export function required(
  params: QueryParams,
  name: string,
  rule: { max: number; pattern?: RegExp; message?: string },
): string {
  if (params.requiredText(name) === '') return '';
  const valid = (value: string): boolean =>
    value.length <= rule.max && (rule.pattern?.test(value) ?? true);
  return (
    params.matching(name, valid, rule.message ?? `must be at most ${rule.max} characters`) ?? ''
  );
}

/** A required one of `values`. */
export function requiredOneOf<const V extends string>(
  params: QueryParams,
  name: string,
  values: readonly [V, ...V[]],
): V {
  if (params.requiredText(name) === '') return values[0];
  return params.oneOf(name, values) ?? values[0];
}

/**
 * A row's fields read by `read`, or every problem; a JSON null counts as absent (so a row of a
 * GET answer can be sent back as it is).
 */
export function readRow<T>(
  source: Readonly<Record<string, unknown>>,
  fields: readonly string[],
  read: (params: QueryParams) => T,
): RowResult<T> {
  const entries = Object.entries(source);
  const unknown = entries
    .filter(([name]) => !fields.includes(name))
    .map(([field]) => ({ field, message: 'is not a known field' }));
  const given = entries.filter(([name, value]) => fields.includes(name) && value !== null);
  const params = new QueryParams(Object.fromEntries(given), fields);
  const value = read(params);
  try {
    params.done();
  } catch (error) {
    if (!(error instanceof InvalidRequestException)) throw error;
    return { ok: false, errors: [...unknown, ...(error.problem.errors ?? [])] };
  }
  return unknown.length > 0 ? { ok: false, errors: unknown } : { ok: true, value };
}

const ACCOUNT_FIELDS = ['code', 'name', 'type'] as const;
const COST_CENTER_FIELDS = ['code', 'name', 'unitId'] as const;
const MAPPING_FIELDS = ['revenueCode', 'glAccount', 'costCenter', 'description'] as const;

export const ACCOUNT_IMPORT: ImportSpec<AccountRow> = {
  what: 'account',
  maxRows: MAX_IMPORT_ROWS,
  listField: 'items',
  columns: ACCOUNT_FIELDS,
  key: ['code'],
  validateRow: (row) =>
    readRow(row, ACCOUNT_FIELDS, (params) => ({
      code: required(params, 'code', {
        max: 10,
        pattern: ACCOUNT_CODE,
        message: ACCOUNT_CODE_MESSAGE,
      }),
      name: required(params, 'name', { max: MAX_NAME }),
      type: requiredOneOf(params, 'type', ACCOUNT_TYPES),
    })),
};

export const COST_CENTER_IMPORT: ImportSpec<CostCenterRow> = {
  what: 'cost center',
  maxRows: MAX_IMPORT_ROWS,
  listField: 'items',
  columns: COST_CENTER_FIELDS,
  key: ['code'],
  validateRow: (row) =>
    readRow(row, COST_CENTER_FIELDS, (params) => ({
      code: required(params, 'code', {
        max: 20,
        pattern: COST_CENTER,
        message: COST_CENTER_MESSAGE,
      }),
      name: required(params, 'name', { max: MAX_NAME }),
      unitId:
        params.matching('unitId', (v) => UNIT_ID.test(v), 'must be a unit id such as 4W or ICU') ??
        null,
    })),
};

export const REVENUE_MAPPING_IMPORT: ImportSpec<RevenueMappingRow> = {
  what: 'revenue-code mapping',
  maxRows: MAX_IMPORT_ROWS,
  listField: 'items',
  columns: MAPPING_FIELDS,
  key: ['revenueCode'],
  validateRow: (row) =>
    readRow(row, MAPPING_FIELDS, (params) => ({
      revenueCode: required(params, 'revenueCode', {
        max: 4,
        pattern: REVENUE_CODE,
        message: 'must be a 4-digit UB-04 revenue code (0120) or a 3-digit family (012)',
      }),
      glAccount: required(params, 'glAccount', {
        max: 10,
        pattern: ACCOUNT_CODE,
        message: ACCOUNT_CODE_MESSAGE,
      }),
      costCenter: required(params, 'costCenter', {
        max: 20,
        pattern: COST_CENTER,
        message: COST_CENTER_MESSAGE,
      }),
      description: required(params, 'description', { max: 200 }),
    })),
};
