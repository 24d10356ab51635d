import { createHash } from 'node:crypto';
import { isNpi } from '@meridian/contracts';
import { parseHibccScans, parseUdi } from '@meridian/udi';
import type { ParsedUdi } from '@meridian/udi';
import { FieldReader } from '../common/field-reader.js';
import type { TextRule } from '../common/field-reader.js';
import {
  ISSUING_AGENCIES,
  isIssuingAgency,
  normalizeDeviceIdentifier,
} from '../items/device-identifier.js';
import {
  ENCOUNTER_ID_RULE,
  FUTURE_TOLERANCE_MS,
  MAX_QUANTITY,
  UNIT_ID_RULE,
} from '../usage/usage.requests.js';
import { IMPLANT_REVERSAL_REASONS, IMPLANT_USAGE_STATUSES } from './implant-usage.entity.js';
import type {
  ImplantReversalReasonCode,
  ImplantUsageSourceCode,
  ImplantUsageStatus,
} from './implant-usage.entity.js';

/** A request to implant a device under an active recall, by the caller it names. */
export interface RecallOverrideRequest {
  readonly reason: string;
  /** The caller who asked (their token's user name, else its subject): never the body's say. */
  readonly overriddenBy: string;
}

/** One implant usage to capture: from a scan (POST /implants) or a FHIR Procedure focalDevice. */
export interface ImplantCapture {
  /** Chosen by the client for safe retries; generated when absent. */
  readonly usageId: string | undefined;
  readonly encounterId: string;
  readonly udi: ParsedUdi;
  readonly procedureRef: string | null;
  readonly implantingSurgeonNpi: string;
  readonly usedAt: Date;
  /** Whether the request gave usedAt (else it is the time of the request). */
  readonly usedAtGiven: boolean;
  readonly unitId: string | null;
  readonly quantity: number;
  readonly recallOverride: RecallOverrideRequest | null;
  readonly source: ImplantUsageSourceCode;
  readonly sourceReference: string | null;
  /** The request fields a rule failure names (JSON fields of a scan, FHIRPaths of a Procedure). */
  readonly fieldNames: CaptureFieldNames;
}

export interface CaptureFieldNames {
  /** Where the device identifier came from (an item that is not an implant, inactive). */
  readonly device: string;
  readonly expirationDate: string;
  /** Where the lot and serial came from (a recall). */
  readonly productionIdentifier: string;
  readonly serialNumber: string;
}

/** A UDI scanned as one text names that field for every rule. */
export function oneField(name: string): CaptureFieldNames {
  return { device: name, expirationDate: name, productionIdentifier: name, serialNumber: name };
}

const PARSED_UDI_FIELDS: CaptureFieldNames = {
  device: 'udi.deviceIdentifier',
  expirationDate: 'udi.expirationDate',
  productionIdentifier: 'udi',
  serialNumber: 'udi.serialNumber',
};

/** GS1 AI 10/21 carry up to 20 characters; HIBCC and ISBT 128 fields are shorter. */
const LOT_OR_SERIAL_RULE: TextRule = { max: 20 };
export const PROCEDURE_REF_RULE: TextRule = { max: 64 };
export const NPI_MESSAGE = 'must be an NPI: 10 digits with a valid check digit';
const OVERRIDE_REASON_RULE: TextRule = { required: true, max: 500 };
const NOTE_RULE: TextRule = { max: 500 };

/** Reads a nested object field with its own reader; its problems are named `<name>.<field>`. */
function nested<T>(
  fields: FieldReader,
  name: string,
  source: unknown,
  known: readonly string[],
  read: (reader: FieldReader) => T,
): T | undefined {
  const reader = new FieldReader(source, known);
  const value = read(reader);
  const result = reader.result(() => value);
  if (result.ok) return result.value;
  for (const e of result.errors) {
    fields.fail(e.field === 'body' ? name : `${name}.${e.field}`, e.message);
  }
  return undefined;
}

const UDI_FIELDS = [
  'issuingAgency',
  'deviceIdentifier',
  'lotNumber',
  'serialNumber',
  'expirationDate',
  'manufactureDate',
] as const;

/** A UDI a device already parsed: `{ issuingAgency?, deviceIdentifier, lotNumber?, ... }`. */
function readParsedUdi(reader: FieldReader): ParsedUdi | undefined {
  const agency = reader.text('issuingAgency', { max: 6 }) ?? 'GS1';
  const raw = reader.text('deviceIdentifier', { required: true, max: 40 });
  const lotNumber = reader.text('lotNumber', LOT_OR_SERIAL_RULE) ?? null;
  const serialNumber = reader.text('serialNumber', LOT_OR_SERIAL_RULE) ?? null;
  const expirationDate = reader.date('expirationDate') ?? null;
  const manufactureDate = reader.date('manufactureDate') ?? null;
  if (!isIssuingAgency(agency)) {
    return reader.fail('issuingAgency', `must be one of ${ISSUING_AGENCIES.join(', ')}`);
  }
  if (raw === undefined) return undefined;
  const di = normalizeDeviceIdentifier(agency, raw);
  if (!di.ok) return reader.fail('deviceIdentifier', di.message);
  return {
    issuingAgency: agency,
    deviceIdentifier: di.deviceIdentifier,
    lotNumber,
    serialNumber,
    expirationDate,
    manufactureDate,
  };
}

/**
 * The UDI of a scan as text (`barcode`, any issuing agency's format, parsed by @meridian/udi: a
 * problem names the part of the label; or the two scans `[primary, secondary]` of an HIBC label
 * printed as two symbols) or as already parsed (`udi`): exactly one of them.
 */
function readUdi(fields: FieldReader, body: unknown, now: Date): ParsedUdi | undefined {
  if (fields.has('barcode') && fields.has('udi')) {
    return fields.fail('udi', 'cannot be given with barcode: identify the device once');
  }
  if (fields.has('udi')) {
    return nested(
      fields,
      'udi',
      (body as Record<string, unknown>)['udi'],
      UDI_FIELDS,
      readParsedUdi,
    );
  }
  const scans = (body as Record<string, unknown>)['barcode'];
  if (Array.isArray(scans)) {
    const [primary, secondary] = scans;
    if (scans.length !== 2 || typeof primary !== 'string' || typeof secondary !== 'string') {
      return fields.fail(
        'barcode',
        'must be one scan, or the two scans [primary, secondary] of an HIBC split label',
      );
    }
    const split = parseHibccScans(primary, secondary, now);
    return split.ok ? split.udi : fields.fail('barcode', `${split.part}: ${split.message}`);
  }
  const raw = fields.text('barcode', { max: 400 });
  if (raw === undefined) {
    return fields.has('barcode') ? undefined : fields.fail('barcode', 'is required (or udi)');
  }
  const parsed = parseUdi(raw, now);
  return parsed.ok ? parsed.udi : fields.fail('barcode', `${parsed.part}: ${parsed.message}`);
}

/** An implanting surgeon's NPI. */
export function readNpi(fields: FieldReader, name: string): string | undefined {
  const npi = fields.text(name, { required: true, max: 10 });
  return npi === undefined || isNpi(npi) ? npi : fields.fail(name, NPI_MESSAGE);
}

/** usedAt: at most FUTURE_TOLERANCE_MS ahead of `now` (device clocks drift). */
export function usedAtProblem(usedAt: Date, now: Date): string | undefined {
  return usedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS
    ? `must not be more than ${FUTURE_TOLERANCE_MS / 60_000} minutes in the future`
    : undefined;
}

/** quantity: 1 for a serialised device (one serial is one device). */
export function quantityProblem(quantity: number, udi: ParsedUdi): string | undefined {
  return udi.serialNumber !== null && quantity !== 1
    ? 'must be 1 for a device with a serial number'
    : undefined;
}

const CAPTURE_FIELDS = [
  'usageId',
  'encounterId',
  'barcode',
  'udi',
  'procedureRef',
  'implantingSurgeonNpi',
  'usedAt',
  'unitId',
  'quantity',
  'recallOverride',
] as const;

/**
 * `recallOverride: { reason }`, made by `caller`. Who overrides is the authenticated caller, so a
 * body naming someone (`overriddenBy`, as clients sent before tokens) is refused, not ignored.
 */
function readRecallOverride(reader: FieldReader, caller: string): RecallOverrideRequest {
  reader.refuseActor('overriddenBy');
  return { reason: reader.text('reason', OVERRIDE_REASON_RULE) as string, overriddenBy: caller };
}

/**
 * `POST /implants`, validated against the clock `now`; one 400 naming every invalid field. A
 * recall override is recorded as made by `caller` (the token's user).
 */
export function parseCaptureImplant(body: unknown, now: Date, caller: string): ImplantCapture {
  const fields = new FieldReader(body, CAPTURE_FIELDS);
  const usageId = fields.uuid('usageId');
  const encounterId = fields.text('encounterId', ENCOUNTER_ID_RULE);
  const udi = readUdi(fields, body, now);
  const procedureRef = fields.text('procedureRef', PROCEDURE_REF_RULE) ?? null;
  const implantingSurgeonNpi = readNpi(fields, 'implantingSurgeonNpi');
  const given = fields.timestamp('usedAt');
  const usedAt = given ?? now;
  const future = usedAtProblem(usedAt, now);
  if (future !== undefined) fields.fail('usedAt', future);
  const unitId = fields.text('unitId', UNIT_ID_RULE);
  const quantity = fields.integer('quantity', { min: 1, max: MAX_QUANTITY }) ?? 1;
  const manyOfOne = udi === undefined ? undefined : quantityProblem(quantity, udi);
  if (manyOfOne !== undefined) fields.fail('quantity', manyOfOne);
  const recallOverride = fields.has('recallOverride')
    ? (nested(
        fields,
        'recallOverride',
        (body as Record<string, unknown>)['recallOverride'],
        ['reason', 'overriddenBy'],
        (reader) => readRecallOverride(reader, caller),
      ) ?? null)
    : null;
  return fields.complete(
    {
      usageId,
      encounterId,
      udi,
      procedureRef,
      implantingSurgeonNpi,
      usedAt,
      usedAtGiven: given !== undefined,
      unitId,
      quantity,
      recallOverride,
      source: 'SCAN' as const,
      sourceReference: null,
      fieldNames: fields.has('udi') ? PARSED_UDI_FIELDS : oneField('barcode'),
    },
    'encounterId',
    'udi',
    'implantingSurgeonNpi',
    'unitId',
  );
}

/**
 * What identifies a capture request, for a retry with the same usageId: every field as given
 * (usedAt only when given, a retry without it is sent later).
 */
export function captureFingerprint(capture: ImplantCapture): string {
  const canonical = JSON.stringify({
    encounterId: capture.encounterId,
    udi: capture.udi,
    procedureRef: capture.procedureRef,
    implantingSurgeonNpi: capture.implantingSurgeonNpi,
    usedAt: capture.usedAtGiven ? capture.usedAt.toISOString() : null,
    unitId: capture.unitId,
    quantity: capture.quantity,
    recallOverride: capture.recallOverride,
    source: capture.source,
    sourceReference: capture.sourceReference,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** `POST /implants/:usageId/reverse` */
export interface ReverseImplantRequest {
  readonly reason: ImplantReversalReasonCode;
  readonly note: string | null;
}

export function parseReverseImplant(body: unknown): ReverseImplantRequest {
  const fields = new FieldReader(body, ['reason', 'note']);
  const reason = fields.text('reason', { required: true, max: 30 });
  if (reason !== undefined && !(IMPLANT_REVERSAL_REASONS as readonly string[]).includes(reason)) {
    fields.fail('reason', `must be one of ${IMPLANT_REVERSAL_REASONS.join(', ')}`);
  }
  const note = fields.text('note', NOTE_RULE) ?? null;
  return fields.complete(
    { reason: reason as ImplantReversalReasonCode | undefined, note },
    'reason',
  );
}

/** `GET /implants?lot=&deviceIdentifier=&serial=&encounterId=&status=`: at least one filter. */
export interface ListImplantsQuery {
  readonly lot: string | undefined;
  readonly deviceIdentifier: string | undefined;
  readonly serial: string | undefined;
  readonly encounterId: string | undefined;
  readonly status: ImplantUsageStatus | undefined;
}

const LIST_FILTERS = ['lot', 'deviceIdentifier', 'serial', 'encounterId', 'status'] as const;

export function parseListImplantsQuery(query: unknown): ListImplantsQuery {
  const fields = new FieldReader(query, LIST_FILTERS);
  const lot = fields.text('lot', LOT_OR_SERIAL_RULE);
  const deviceIdentifier = fields.text('deviceIdentifier', { max: 40 });
  const serial = fields.text('serial', LOT_OR_SERIAL_RULE);
  const encounterId = fields.text('encounterId', { ...ENCOUNTER_ID_RULE, required: false });
  const status = fields.text('status', { max: 30 });
  if (status !== undefined && !(IMPLANT_USAGE_STATUSES as readonly string[]).includes(status)) {
    fields.fail('status', `must be one of ${IMPLANT_USAGE_STATUSES.join(', ')}`);
  }
  if (!LIST_FILTERS.some((name) => fields.has(name))) {
    fields.fail('lot', `or another filter (${LIST_FILTERS.join(', ')}) is required`);
  }
  return fields.complete({
    lot,
    // A GTIN in any of its forms (8/12/13/14) lists the usages of its GTIN-14.
    deviceIdentifier: deviceIdentifier === undefined ? undefined : gtin14OrAsIs(deviceIdentifier),
    serial,
    encounterId,
    status: status as ImplantUsageStatus | undefined,
  });
}

/** A GS1 GTIN as GTIN-14 when it is one, else the identifier as given (HIBCC, ISBT 128 upper case). */
function gtin14OrAsIs(deviceIdentifier: string): string {
  const gtin = normalizeDeviceIdentifier('GS1', deviceIdentifier);
  return gtin.ok ? gtin.deviceIdentifier : deviceIdentifier.toUpperCase();
}
