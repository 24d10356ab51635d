// Test fixtures: realistic ADT messages from the shared reference data (facility MGH, unit 4W,
// payers, CPT codes), and edits that break them in one place. Fake demographics only.
import {
  buildAdtMessage,
  encodeHl7,
  Hl7Message,
  Hl7Segment,
  parseHl7,
  toField,
} from '@meridian/hl7';
import type { AdtEvent, AdtMessageInput, FieldInput } from '@meridian/hl7';

export const ADMITTED_AT = new Date('2026-11-18T14:05:00Z');
export const DISCHARGED_AT = new Date('2026-11-21T16:30:00Z');

/** An inpatient stay on 4W with diagnoses, procedures and insurance. */
export function adtInput(event: AdtEvent, visitNumber: string, controlId: string): AdtMessageInput {
  const clinical = event === 'A02' || event === 'A11';
  return {
    event,
    controlId,
    visitNumber,
    mrn: 'MRN00042',
    patientClass: 'I',
    location: { unitId: '4W', roomId: '401', bedId: 'A', facilityId: 'MGH' },
    attending: { npi: '1234567893', family: 'SMITH', given: 'JOHN' },
    hospitalService: 'MED',
    admitAt: ADMITTED_AT,
    ...(event === 'A03' ? { dischargeAt: DISCHARGED_AT, disposition: '01' } : {}),
    recordedAt: event === 'A03' ? DISCHARGED_AT : ADMITTED_AT,
    ...(event === 'A02'
      ? { priorLocation: { unitId: 'ICU', roomId: '601', bedId: 'A', facilityId: 'MGH' } }
      : {}),
    diagnoses:
      event === 'A02'
        ? []
        : [
            { code: 'I21.4', description: 'NSTEMI', type: 'A', priority: 1 },
            { code: 'E11.9', description: 'Type 2 diabetes', type: 'F', priority: 2 },
          ],
    procedures: clinical
      ? []
      : [
          { code: '93005', system: 'CPT', performedAt: ADMITTED_AT, procedureId: 'PROC-1' },
          { code: '71046', system: 'CPT', performedAt: DISCHARGED_AT },
        ],
    insurance: clinical
      ? []
      : [
          { payerId: 'AETNA-HMO', planId: 'AETNA-HMO-SILVER' },
          { payerId: 'BCBS-PPO', planId: 'BCBS-PPO-GOLD' },
        ],
  };
}

export function adtMessage(event: AdtEvent, visitNumber: string, controlId: string): string {
  return buildAdtMessage(adtInput(event, visitNumber, controlId));
}

/** `raw` with field `field` of the `occurrence`th `segment` replaced (`undefined` empties it). */
export function setField(
  raw: string,
  segment: string,
  field: number,
  value: FieldInput,
  occurrence = 1,
): string {
  const message = parseHl7(raw);
  let seen = 0;
  const segments = message.segments.map((s) => {
    if (s.id !== segment || ++seen !== occurrence) return s;
    const fields = [...s.fields];
    while (fields.length < field) fields.push([]);
    fields[field - 1] = toField(value);
    return new Hl7Segment(s.id, fields);
  });
  return encodeHl7(new Hl7Message(segments, message.delimiters));
}

/** `raw` with `segments` inserted after the first segment with id `after`. */
export function insertAfter(raw: string, after: string, ...segments: Hl7Segment[]): string {
  const message = parseHl7(raw);
  const index = message.segments.findIndex((s) => s.id === after);
  const all = [...message.segments];
  all.splice(index + 1, 0, ...segments);
  return encodeHl7(new Hl7Message(all, message.delimiters));
}
