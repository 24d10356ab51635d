import { HCPCS_PATTERN } from '@meridian/contracts';
import { readPut, rowError } from '@meridian/service-kit';
import type { FieldError, ImportRow, ImportSpec, RowResult } from '@meridian/service-kit';
import { FieldReader } from '../common/field-reader.js';
import type { TextRule } from '../common/field-reader.js';
import { normalizeGtin } from '@meridian/udi';
import {
  ISSUING_AGENCIES,
  isIssuingAgency,
  normalizeDeviceIdentifier,
} from './device-identifier.js';
import type { DeviceIdentifier } from './device-identifier.js';
import { allDeviceIdentifiers } from './item-master.store.js';
import type { ItemRow } from './item-master.store.js';

/** Item master ids, e.g. ITM-1002. */
export const ITEM_ID_RULE: TextRule = {
  max: 40,
  pattern: /^[A-Za-z0-9][A-Za-z0-9-]*$/,
  patternMessage: 'must be an item id such as ITM-1002',
};

/** X12 355 / GS1 units of measure. */
export const UOM_RULE: TextRule = {
  required: true,
  max: 3,
  pattern: /^[A-Z0-9]{2,3}$/,
  patternMessage: 'must be a unit of measure code such as EA, BX or PK',
};

const DESCRIPTION_RULE: TextRule = { required: true, max: 200 };
/** HCPCS Level II (`HCPCS_PATTERN` of @meridian/contracts), in either case; stored upper case. */
const HCPCS_RULE: TextRule = {
  max: 5,
  pattern: new RegExp(HCPCS_PATTERN.source, 'i'),
  patternMessage:
    'must be a HCPCS Level II code: a section letter (A-V without F, I, N, O) and 4 digits, such as C1776 or L8699',
};
/** CDM codes of the chargemaster: 7 to 10 digits. */
const CHARGE_CODE_RULE: TextRule = {
  max: 10,
  pattern: /^\d{7,10}$/,
  patternMessage: 'must be a CDM code of 7 to 10 digits',
};
/** numeric(14,2): up to 12 integer digits and 2 decimals. */
const UNIT_COST_RULE: TextRule = {
  required: true,
  max: 15,
  pattern: /^\d{1,12}(\.\d{1,2})?$/,
  patternMessage: 'must be a decimal string with up to 2 decimals, e.g. "96.50"',
};
const NAME_RULE: TextRule = { max: 100 };
export const SUPPLIER_ID_RULE: TextRule = {
  max: 40,
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
  patternMessage: 'must be a supplier id (letters, digits, . _ -)',
};
/** A supplier's catalogue number as printed (REF): letters, digits and the usual punctuation. */
const SUPPLIER_ITEM_NUMBER_RULE: TextRule = {
  max: 40,
  pattern: /^[A-Za-z0-9][A-Za-z0-9 ./_-]*$/,
  patternMessage: 'must be a catalogue number (letters, digits, space . / _ -)',
};
/** GTINs one item may have (its package levels: each, box, case...). */
const MAX_GTINS = 10;
/** Device identifiers of all agencies one item may have (GTINs included). */
const MAX_DEVICE_IDENTIFIERS = 20;
/** Separates the GTINs (or the device identifiers) of an item in a CSV cell. */
export const GTIN_SEPARATOR = '|';
/** Separates the agency from the identifier of a device identifier in a CSV cell: HIBCC:H123PART0011. */
export const AGENCY_SEPARATOR = ':';

/** Items one import may carry (a hospital item master is tens of thousands of items). */
export const MAX_IMPORT_ITEMS = 50_000;

/** Every field of an item, in the order of a CSV header. */
export const ITEM_FIELDS = [
  'itemId',
  'description',
  'unitOfMeasure',
  'gtins',
  'hcpcsCode',
  'chargeCode',
  'unitCost',
  'active',
  'implant',
  'manufacturer',
  'model',
  'supplierId',
  'supplierItemNumber',
  'consignment',
  'deviceIdentifiers',
] as const;

/** Reads a GTIN field as GTIN-14 (GTIN-8/12/13 are padded); a wrong check digit is named. */
export function readGtin(fields: FieldReader, name: string): string | undefined {
  const raw = fields.text(name, { max: 14 });
  if (raw === undefined) return undefined;
  const gtin = normalizeGtin(raw);
  return gtin.ok ? gtin.gtin : fields.fail(name, gtin.message);
}

/** The GTINs of an item as GTIN-14s, each once; the first invalid one is named. */
function readGtins(fields: FieldReader): string[] | undefined {
  const raw = fields.textList('gtins', { max: MAX_GTINS, separator: GTIN_SEPARATOR });
  if (raw === undefined) return undefined;
  const gtins: string[] = [];
  for (const value of raw) {
    const gtin = normalizeGtin(value);
    if (!gtin.ok) return fields.fail('gtins', `${value} ${gtin.message}`);
    if (gtins.includes(gtin.gtin)) return fields.fail('gtins', `${value} is listed twice`);
    gtins.push(gtin.gtin);
  }
  return gtins;
}

/** One `{ issuingAgency, deviceIdentifier }` of JSON, or `AGENCY:identifier` of a CSV cell. */
function deviceIdentifierOf(entry: unknown): DeviceIdentifier | string {
  let agency: unknown;
  let raw: unknown;
  if (typeof entry === 'string') {
    const at = entry.indexOf(AGENCY_SEPARATOR);
    if (at < 0)
      return `${entry} must be AGENCY${AGENCY_SEPARATOR}identifier, e.g. HIBCC:H123PART0011`;
    [agency, raw] = [entry.slice(0, at).trim(), entry.slice(at + 1).trim()];
  } else if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
    const given = entry as Record<string, unknown>;
    const unknown = Object.keys(given).filter(
      (k) => k !== 'issuingAgency' && k !== 'deviceIdentifier',
    );
    if (unknown.length > 0) return `an entry has an unknown field ${unknown.join(', ')}`;
    [agency, raw] = [given['issuingAgency'], given['deviceIdentifier']];
  } else {
    return 'must be an array of { issuingAgency, deviceIdentifier }';
  }
  if (typeof agency !== 'string' || !isIssuingAgency(agency.toUpperCase())) {
    return `issuingAgency must be one of ${ISSUING_AGENCIES.join(', ')}`;
  }
  const issuingAgency = agency.toUpperCase() as DeviceIdentifier['issuingAgency'];
  if (typeof raw !== 'string' || raw.trim().length === 0) {
    return `deviceIdentifier of ${issuingAgency} must be a non-blank string`;
  }
  const di = normalizeDeviceIdentifier(issuingAgency, raw.trim());
  return di.ok
    ? { issuingAgency, deviceIdentifier: di.deviceIdentifier }
    : `${issuingAgency} ${raw.trim()} ${di.message}`;
}

/**
 * The item's device identifiers of any agency: a JSON array of `{ issuingAgency,
 * deviceIdentifier }`, or one CSV cell of `AGENCY:identifier` separated by `|`; each validated for
 * its agency (a GS1 one as a GTIN). Empty when absent; the first invalid one is named.
 */
function readDeviceIdentifiers(
  fields: FieldReader,
  source: Readonly<Record<string, unknown>>,
): DeviceIdentifier[] | undefined {
  if (!fields.has('deviceIdentifiers')) return [];
  const raw = source['deviceIdentifiers'];
  const entries = typeof raw === 'string' ? raw.split(GTIN_SEPARATOR).map((e) => e.trim()) : raw;
  if (!Array.isArray(entries)) {
    return fields.fail(
      'deviceIdentifiers',
      `must be an array of { issuingAgency, deviceIdentifier } (or a text of AGENCY${AGENCY_SEPARATOR}identifier separated by ${GTIN_SEPARATOR})`,
    );
  }
  if (entries.length > MAX_DEVICE_IDENTIFIERS) {
    return fields.fail('deviceIdentifiers', `must hold at most ${MAX_DEVICE_IDENTIFIERS} entries`);
  }
  const read: DeviceIdentifier[] = [];
  for (const entry of entries) {
    const di = deviceIdentifierOf(entry);
    if (typeof di === 'string') return fields.fail('deviceIdentifiers', di);
    read.push(di);
  }
  return read;
}

/**
 * The GTINs and the other agencies' identifiers of an item, each once: the GS1 entries of
 * `deviceIdentifiers` join the GTINs, after those of `gtins`.
 */
function mergeDeviceIdentifiers(
  fields: FieldReader,
  gtins: readonly string[],
  identifiers: readonly DeviceIdentifier[],
): Pick<ItemRow, 'gtins' | 'deviceIdentifiers'> | undefined {
  const merged = { gtins: [...gtins], deviceIdentifiers: [] as DeviceIdentifier[] };
  for (const di of identifiers) {
    const known = allDeviceIdentifiers(merged).some(
      (k) => k.issuingAgency === di.issuingAgency && k.deviceIdentifier === di.deviceIdentifier,
    );
    if (known) {
      return fields.fail(
        'deviceIdentifiers',
        `${di.issuingAgency} ${di.deviceIdentifier} is listed twice`,
      );
    }
    if (di.issuingAgency === 'GS1') merged.gtins.push(di.deviceIdentifier);
    else merged.deviceIdentifiers.push(di);
  }
  return merged;
}

/** `96.5` as `96.50`. */
function twoDecimals(cost: string): string {
  const [whole = '0', decimals = ''] = cost.split('.');
  return `${String(Number(whole))}.${decimals.padEnd(2, '0')}`;
}

/**
 * One item: a JSON object, or a CSV row of texts (GTINs and device identifiers separated by `|`,
 * booleans as true/false). Every problem is named by field. An implant needs its supplier (the
 * bill-only order and the consignment restock go to it).
 */
export function validateItem(source: unknown): RowResult<ItemRow> {
  const fields = new FieldReader(source, ITEM_FIELDS);
  const itemId = fields.text('itemId', { ...ITEM_ID_RULE, required: true });
  const description = fields.text('description', DESCRIPTION_RULE);
  const unitOfMeasure = fields.text('unitOfMeasure', UOM_RULE);
  const gtins = readGtins(fields);
  const identifiers = readDeviceIdentifiers(fields, source as Readonly<Record<string, unknown>>);
  const deviceIdentifiers =
    gtins === undefined || identifiers === undefined
      ? undefined
      : mergeDeviceIdentifiers(fields, gtins, identifiers);
  const hcpcsCode = fields.text('hcpcsCode', HCPCS_RULE)?.toUpperCase() ?? null;
  const chargeCode = fields.text('chargeCode', CHARGE_CODE_RULE) ?? null;
  const unitCost = fields.text('unitCost', UNIT_COST_RULE);
  const active = fields.boolean('active', true);
  const implant = fields.boolean('implant', false);
  const manufacturer = fields.text('manufacturer', NAME_RULE) ?? null;
  const model = fields.text('model', NAME_RULE) ?? null;
  const supplierId = fields.text('supplierId', {
    ...SUPPLIER_ID_RULE,
    required: implant === true,
  });
  const supplierItemNumber = fields.text('supplierItemNumber', SUPPLIER_ITEM_NUMBER_RULE) ?? null;
  const consignment = fields.boolean('consignment', false);
  if (consignment === true && implant === false && !fields.has('supplierId')) {
    fields.fail('supplierId', 'is required for consignment stock (the supplier owns it)');
  }
  return fields.result(() => ({
    itemId: itemId as string,
    description: description as string,
    unitOfMeasure: unitOfMeasure as string,
    ...(deviceIdentifiers as Pick<ItemRow, 'gtins' | 'deviceIdentifiers'>),
    hcpcsCode,
    chargeCode,
    unitCost: twoDecimals(unitCost as string),
    active: active as boolean,
    implant: implant as boolean,
    manufacturer,
    model,
    supplierId: supplierId ?? null,
    supplierItemNumber,
    consignment: consignment as boolean,
  }));
}

/** The same device identifier (a GTIN...) in two rows of one import: an error naming the later row. */
function repeatedDeviceIdentifiers(rows: readonly ImportRow<ItemRow>[]): FieldError[] {
  const holderRow = new Map<string, number>();
  return rows.flatMap(({ row, value }) =>
    allDeviceIdentifiers(value).flatMap(({ issuingAgency, deviceIdentifier }) => {
      const key = `${issuingAgency}${AGENCY_SEPARATOR}${deviceIdentifier}`;
      const holder = holderRow.get(key);
      if (holder === undefined) holderRow.set(key, row);
      const field = issuingAgency === 'GS1' ? 'gtins' : 'deviceIdentifiers';
      const said = issuingAgency === 'GS1' ? deviceIdentifier : key;
      return holder === undefined ? [] : [rowError(row, field, `${said} is in row ${holder} too`)];
    }),
  );
}

/**
 * `POST /items/import`: JSON (`[...]` or `{ "items": [...] }`) or text/csv, one row per item;
 * an item id or a device identifier (a GTIN...) in two rows is refused, naming the later row.
 */
export const ITEM_IMPORT: ImportSpec<ItemRow> = {
  what: 'item',
  maxRows: MAX_IMPORT_ITEMS,
  listField: 'items',
  columns: ITEM_FIELDS,
  validateRow: validateItem,
  key: ['itemId'],
  checkRows: repeatedDeviceIdentifiers,
};

/**
 * `PUT /items/:itemId`: the item, or a 400 naming every invalid field. The body may repeat the
 * path's item id but not contradict it.
 */
export function parseItemPut(itemId: string, body: unknown): ItemRow {
  return readPut(ITEM_IMPORT, { itemId: parseItemIdParam(itemId) }, body);
}

/** `GET /items?gtin=&itemId=&issuingAgency=&deviceIdentifier=` */
export interface ListItemsQuery {
  readonly deviceIdentifier: DeviceIdentifier | undefined;
  readonly itemId: string | undefined;
}

/**
 * `gtin` is the GS1 device identifier; `deviceIdentifier` is of `issuingAgency` (GS1 when absent,
 * as UDI records written before the agency existed are).
 */
export function parseListItemsQuery(query: unknown): ListItemsQuery {
  const fields = new FieldReader(query, ['gtin', 'itemId', 'issuingAgency', 'deviceIdentifier']);
  const gtin = readGtin(fields, 'gtin');
  const agency = fields.text('issuingAgency', {
    max: 6,
    pattern: new RegExp(`^(${ISSUING_AGENCIES.join('|')})$`, 'i'),
    patternMessage: `must be one of ${ISSUING_AGENCIES.join(', ')}`,
  });
  const issuingAgency = (agency?.toUpperCase() ?? 'GS1') as DeviceIdentifier['issuingAgency'];
  const raw = fields.text('deviceIdentifier', { max: 40 });
  let deviceIdentifier: DeviceIdentifier | undefined;
  if (raw !== undefined) {
    const di = normalizeDeviceIdentifier(issuingAgency, raw);
    if (di.ok) deviceIdentifier = { issuingAgency, deviceIdentifier: di.deviceIdentifier };
    else fields.fail('deviceIdentifier', di.message);
  } else if (agency !== undefined) {
    fields.fail('issuingAgency', 'is only a filter together with deviceIdentifier');
  }
  if (gtin !== undefined && deviceIdentifier !== undefined) {
    fields.fail('gtin', 'is a GS1 deviceIdentifier: give one of gtin and deviceIdentifier');
  }
  return fields.complete({
    deviceIdentifier:
      gtin === undefined ? deviceIdentifier : { issuingAgency: 'GS1', deviceIdentifier: gtin },
    itemId: fields.text('itemId', ITEM_ID_RULE),
  });
}

/** The `:itemId` of a path, or a 400 naming it. */
export function parseItemIdParam(itemId: string): string {
  const fields = new FieldReader({ itemId }, ['itemId']);
  return fields.complete({ itemId: fields.text('itemId', ITEM_ID_RULE) }, 'itemId').itemId;
}
