import type { ImportSpec, RowResult } from '@meridian/service-kit';
import { readPut } from '@meridian/service-kit';
import { FieldReader } from '../common/field-reader.js';
import type { TextRule } from '../common/field-reader.js';
import {
  ISSUING_AGENCIES,
  isIssuingAgency,
  normalizeDeviceIdentifier,
} from '../items/device-identifier.js';
import type { IssuingAgency } from '../items/device-identifier.js';
import { lotRange } from './recall-coverage.js';
import { RECALL_CLASSES } from './recall.entity.js';
import type { RecallClass } from './recall.entity.js';

/** A recall as written and read by the import API. */
export interface RecallRow {
  readonly recallNumber: string;
  readonly recallClass: RecallClass;
  readonly issuingAgency: IssuingAgency;
  readonly deviceIdentifier: string;
  readonly lots: readonly string[];
  readonly lotFrom: string | null;
  readonly lotTo: string | null;
  readonly serials: readonly string[];
  /** `YYYY-MM-DD`, facility date. */
  readonly startDate: string;
  readonly endDate: string | null;
}

/** Recall numbers such as the FDA's Z-1234-2026 (no `/`: the number is a path segment). */
export const RECALL_NUMBER_RULE: TextRule = {
  max: 40,
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
  patternMessage: 'must be a recall number such as Z-1234-2026 (letters, digits, . _ -)',
};
/** GS1 AI 10 and 21 are at most 20 characters; HIBCC and ISBT 128 fields are shorter. */
const LOT_OR_SERIAL_MAX = 20;
/** Separates the lots and the serials of a recall in a CSV cell. */
export const LIST_SEPARATOR = '|';
/** Lots or serials one recall may list (larger recalls give a lot range or the whole DI). */
const MAX_LISTED = 1000;
/** Recalls one import may carry. */
export const MAX_IMPORT_RECALLS = 10_000;

/** Every field of a recall, in the order of a CSV header. */
export const RECALL_FIELDS = [
  'recallNumber',
  'recallClass',
  'issuingAgency',
  'deviceIdentifier',
  'lots',
  'lotFrom',
  'lotTo',
  'serials',
  'startDate',
  'endDate',
] as const;

const lotRule: TextRule = { max: LOT_OR_SERIAL_MAX };

/** The issuing agency (default GS1) and the device identifier in the item master's form. */
function readDevice(
  fields: FieldReader,
): { issuingAgency: IssuingAgency; deviceIdentifier: string } | undefined {
  const agency = fields.text('issuingAgency', { max: 6 }) ?? 'GS1';
  if (!isIssuingAgency(agency)) {
    fields.fail('issuingAgency', `must be one of ${ISSUING_AGENCIES.join(', ')}`);
    fields.text('deviceIdentifier', { required: true, max: 40 });
    return undefined;
  }
  const raw = fields.text('deviceIdentifier', { required: true, max: 40 });
  if (raw === undefined) return undefined;
  const di = normalizeDeviceIdentifier(agency, raw);
  if (!di.ok) return fields.fail('deviceIdentifier', di.message);
  return { issuingAgency: agency, deviceIdentifier: di.deviceIdentifier };
}

function readList(fields: FieldReader, name: string): string[] | undefined {
  const values = fields.textList(name, { max: MAX_LISTED, separator: LIST_SEPARATOR });
  if (values === undefined) return undefined;
  const long = values.find((v) => v.length > LOT_OR_SERIAL_MAX);
  if (long !== undefined) return fields.fail(name, `${long} is longer than ${LOT_OR_SERIAL_MAX}`);
  return [...new Set(values)];
}

/** lotFrom and lotTo: both or neither, a well-formed range (see LotRange). */
function readLotRange(fields: FieldReader): { lotFrom: string | null; lotTo: string | null } {
  const lotFrom = fields.text('lotFrom', lotRule) ?? null;
  const lotTo = fields.text('lotTo', lotRule) ?? null;
  if (lotFrom === null && lotTo === null) return { lotFrom, lotTo };
  if (lotFrom === null) {
    fields.fail('lotFrom', 'is required with lotTo');
  } else if (lotTo === null) {
    fields.fail('lotTo', 'is required with lotFrom');
  } else {
    const range = lotRange(lotFrom, lotTo);
    if (!range.ok) fields.fail(range.field, range.message);
  }
  return { lotFrom, lotTo };
}

/**
 * One recall: a JSON object, or a CSV row of texts (lots and serials separated by `|`). Every
 * problem is named by field.
 */
export function validateRecall(source: unknown): RowResult<RecallRow> {
  const fields = new FieldReader(source, RECALL_FIELDS);
  const recallNumber = fields.text('recallNumber', { ...RECALL_NUMBER_RULE, required: true });
  const recallClass = fields.text('recallClass', { required: true, max: 3 });
  if (recallClass !== undefined && !(RECALL_CLASSES as readonly string[]).includes(recallClass)) {
    fields.fail('recallClass', 'must be I, II or III');
  }
  const device = readDevice(fields);
  const lots = readList(fields, 'lots');
  const { lotFrom, lotTo } = readLotRange(fields);
  const serials = readList(fields, 'serials');
  const startDate = fields.date('startDate', true);
  const endDate = fields.date('endDate') ?? null;
  if (startDate !== undefined && endDate !== null && endDate < startDate) {
    fields.fail('endDate', 'must not be before startDate');
  }
  return fields.result(() => ({
    recallNumber: recallNumber as string,
    recallClass: recallClass as RecallClass,
    issuingAgency: device?.issuingAgency as IssuingAgency,
    deviceIdentifier: device?.deviceIdentifier as string,
    lots: lots as string[],
    lotFrom,
    lotTo,
    serials: serials as string[],
    startDate: startDate as string,
    endDate,
  }));
}

/** `POST /recalls/import`: JSON (`[...]` or `{ "recalls": [...] }`) or text/csv, one row per recall. */
export const RECALL_IMPORT: ImportSpec<RecallRow> = {
  what: 'recall',
  maxRows: MAX_IMPORT_RECALLS,
  listField: 'recalls',
  columns: RECALL_FIELDS,
  validateRow: validateRecall,
  key: ['recallNumber'],
};

/** `PUT /recalls/:recallNumber`: the recall, or a 400 naming every invalid field. */
export function parseRecallPut(recallNumber: string, body: unknown): RecallRow {
  return readPut(RECALL_IMPORT, { recallNumber: parseRecallNumberParam(recallNumber) }, body);
}

/** `POST /recalls`: one recall, or a 400 naming every invalid field. */
export function parseRecallPost(body: unknown): RecallRow {
  return readPut(RECALL_IMPORT, {}, body);
}

export function parseRecallNumberParam(recallNumber: string): string {
  const fields = new FieldReader({ recallNumber }, ['recallNumber']);
  return fields.complete(
    { recallNumber: fields.text('recallNumber', { ...RECALL_NUMBER_RULE, required: true }) },
    'recallNumber',
  ).recallNumber;
}

/** `GET /recalls?deviceIdentifier=&issuingAgency=&active=` */
export interface ListRecallsQuery {
  readonly deviceIdentifier: string | undefined;
  readonly issuingAgency: IssuingAgency | undefined;
  /** true: active now; false: not active now (ended, or not started); undefined: all. */
  readonly active: boolean | undefined;
}

export function parseListRecallsQuery(query: unknown): ListRecallsQuery {
  const fields = new FieldReader(query, ['deviceIdentifier', 'issuingAgency', 'active']);
  const agency = fields.text('issuingAgency', { max: 6 });
  if (agency !== undefined && !isIssuingAgency(agency)) {
    fields.fail('issuingAgency', `must be one of ${ISSUING_AGENCIES.join(', ')}`);
  }
  const issuingAgency = agency !== undefined && isIssuingAgency(agency) ? agency : undefined;
  const raw = fields.text('deviceIdentifier', { max: 40 });
  let deviceIdentifier: string | undefined;
  if (raw !== undefined) {
    const di = normalizeDeviceIdentifier(issuingAgency ?? 'GS1', raw);
    deviceIdentifier = di.ok ? di.deviceIdentifier : fields.fail('deviceIdentifier', di.message);
  }
  const active = fields.has('active') ? fields.boolean('active', false) : undefined;
  return fields.complete({ deviceIdentifier, issuingAgency, active });
}
