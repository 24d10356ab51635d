// The payer master's bodies: `PUT /payers/:payerId` (a payer with its plans) and
// `POST /payers/import` (JSON or CSV, one row per plan), validated field by field: a 400 names
// each invalid field, `plans[1].planId` of a PUT or `row 3: planId` of an import.
import { SELF_PAY } from '@meridian/contracts';
import {
  InvalidRequestException,
  pathKeyErrors,
  readImport,
  rowError,
} from '@meridian/service-kit';
import type { FieldError, ImportRow, ImportSpec, RowResult } from '@meridian/service-kit';
import { BodyReader } from '../shared/body-reader.js';
import { PAYER_TYPES } from './payer.entity.js';
import type { PayerType } from './payer.entity.js';
import type { PayerPlanRecord, PayerRecord } from './payers.store.js';

/** Rows one payer import may carry (plans of every payer of a hospital). */
export const MAX_PAYER_ROWS = 5_000;
/** Plans one payer may have. */
export const MAX_PLANS = 500;
const MAX_ID = 32;
const MAX_NAME = 100;

const PUT_FIELDS = ['payerId', 'name', 'payerType', 'plans'] as const;
const PLAN_FIELDS = ['planId', 'name'] as const;
/** The fields of an import row, also the columns of a CSV import: one row per plan. */
export const PAYER_COLUMNS = ['payerId', 'payerName', 'payerType', 'planId', 'planName'] as const;

function readPayerId(r: BodyReader, field: string, value: unknown): string | undefined {
  const payerId = r.code(field, value, MAX_ID);
  if (payerId === SELF_PAY)
    return r.fail(field, `${SELF_PAY} is self-pay, billed without a payer of the payer master`);
  return payerId;
}

function readPayerType(r: BodyReader, value: unknown): PayerType | null | undefined {
  if (value === undefined || value === null) return null;
  const type = PAYER_TYPES.find((t) => t === value);
  return type ?? r.fail('payerType', `must be one of ${PAYER_TYPES.join(', ')}`);
}

function readPlan(r: BodyReader, field: string, value: unknown): PayerPlanRecord | undefined {
  const plan = r.object(field, value, PLAN_FIELDS);
  if (!plan) return undefined;
  const planId = r.code(`${field}.planId`, plan['planId'], MAX_ID);
  const name = r.text(`${field}.name`, plan['name'], MAX_NAME);
  return planId === undefined || name === undefined ? undefined : { planId, name };
}

/** Each plan id seen before among one payer's plans: its index and the first one's. */
function repeatedPlanIds(planIds: readonly string[]): { index: number; first: number }[] {
  const firstOf = new Map<string, number>();
  return planIds.flatMap((planId, index) => {
    const first = firstOf.get(planId);
    if (first === undefined) firstOf.set(planId, index);
    return first === undefined ? [] : [{ index, first }];
  });
}

/**
 * `PUT /payers/:payerId`: `{ payerId?, name, payerType?, plans: [{ planId, name }] }`, or an
 * InvalidRequestException naming every bad field.
 */
export function parsePayerPut(pathPayerId: string, body: unknown): PayerRecord {
  const r = new BodyReader();
  const payerId = readPayerId(r, 'payerId', pathPayerId);
  const b = r.object('body', body, PUT_FIELDS);
  if (payerId === undefined || !b) throw new InvalidRequestException(r.errors);
  r.errors.push(...pathKeyErrors({ payerId }, b));
  const name = r.text('name', b['name'], MAX_NAME);
  const payerType = readPayerType(r, b['payerType']);
  const raw = r.array('plans', b['plans'], { min: 0, max: MAX_PLANS }) ?? [];
  const plans = raw.map((plan, i) => readPlan(r, `plans[${i}]`, plan));
  const valid = plans.filter((p): p is PayerPlanRecord => p !== undefined);
  if (valid.length === plans.length)
    for (const { index, first } of repeatedPlanIds(valid.map((p) => p.planId)))
      r.fail(`plans[${index}].planId`, `repeats plans[${first}].planId`);
  r.done();
  if (name === undefined || payerType === undefined) throw new InvalidRequestException(r.errors);
  return { payerId, name, payerType, plans: valid };
}

/** One row of an import: a payer and one of its plans (none when planId is absent). */
interface PayerPlanRow {
  readonly payerId: string;
  readonly payerName: string;
  readonly payerType: PayerType | null;
  readonly plan: PayerPlanRecord | null;
}

function validateImportRow(row: Readonly<Record<string, unknown>>): RowResult<PayerPlanRow> {
  const r = new BodyReader();
  r.object('body', row, PAYER_COLUMNS);
  const payerId = readPayerId(r, 'payerId', row['payerId']);
  const payerName = r.text('payerName', row['payerName'], MAX_NAME);
  const payerType = readPayerType(r, row['payerType']);
  let plan: PayerPlanRecord | null = null;
  if (row['planId'] !== undefined || row['planName'] !== undefined) {
    const planId = r.code('planId', row['planId'], MAX_ID);
    const name = r.text('planName', row['planName'], MAX_NAME);
    if (planId !== undefined && name !== undefined) plan = { planId, name };
  }
  if (r.errors.length > 0 || !payerId || !payerName || payerType === undefined)
    return { ok: false, errors: r.errors };
  return { ok: true, value: { payerId, payerName, payerType, plan } };
}

/** `POST /payers/import`: `{ payers: [row, ...] }`, a bare array, or text/csv, one row per plan. */
export const PAYER_IMPORT: ImportSpec<PayerPlanRow> = {
  what: 'payer plan row',
  maxRows: MAX_PAYER_ROWS,
  listField: 'payers',
  columns: PAYER_COLUMNS,
  validateRow: validateImportRow,
};

/** The rows of one payer, as the first of them names it. */
interface PayerGroup {
  readonly first: ImportRow<PayerPlanRow>;
  readonly rows: ImportRow<PayerPlanRow>[];
}

/** One payer's rows as a payer, with a 400 entry for each row that contradicts the first. */
function payerOf({ first, rows }: PayerGroup, errors: FieldError[]): PayerRecord {
  const { payerId, payerName, payerType } = first.value;
  for (const { row, value } of rows.slice(1)) {
    if (value.payerName !== payerName)
      errors.push(rowError(row, 'payerName', `differs from row ${first.row} of payer ${payerId}`));
    if (value.payerType !== payerType)
      errors.push(rowError(row, 'payerType', `differs from row ${first.row} of payer ${payerId}`));
  }
  const planRows = rows.flatMap(({ row, value }) => (value.plan ? [{ row, ...value.plan }] : []));
  for (const { index, first: seen } of repeatedPlanIds(planRows.map((p) => p.planId))) {
    const [again, before] = [planRows[index], planRows[seen]];
    if (again && before)
      errors.push(
        rowError(again.row, 'planId', `repeats plan ${again.planId} of row ${before.row}`),
      );
  }
  const plans = planRows.map(({ planId, name }) => ({ planId, name }));
  return { payerId, name: payerName, payerType, plans };
}

/**
 * `POST /payers/import` as JSON or CSV: the payers of the rows, each with the plans of its rows,
 * in the order of their first row; else one 400 naming each row and field (`row 3: planId`).
 */
export function readPayerImport(body: unknown, contentType: string | undefined): PayerRecord[] {
  const groups = new Map<string, PayerGroup>();
  for (const row of readImport(body, contentType, PAYER_IMPORT)) {
    const group = groups.get(row.value.payerId);
    if (group) group.rows.push(row);
    else groups.set(row.value.payerId, { first: row, rows: [row] });
  }
  const errors: FieldError[] = [];
  const payers = [...groups.values()].map((group) => payerOf(group, errors));
  if (errors.length > 0) throw new InvalidRequestException(errors);
  return payers;
}
