// In-memory catalogues for the generator's tests.
import type { CatalogSource } from '../schemas/catalog.ts';

export type Files = Readonly<Record<string, unknown>>;

/** A catalogue source over in-memory files: JSON values, keyed by path under the workspace root. */
export function memorySource(files: Files): CatalogSource {
  return {
    listSchemaFiles: () => Object.keys(files).filter((path) => path.endsWith('.avsc')),
    read: (path) => {
      if (!(path in files)) throw new Error(`${path}: no such file`);
      return JSON.stringify(files[path], null, 2);
    },
  };
}

const NS = 'health.meridian';

export const ENVELOPE = {
  type: 'record',
  name: 'Envelope',
  namespace: `${NS}.common`,
  doc: 'Metadata every message carries.',
  fields: [
    {
      name: 'messageId',
      type: { type: 'string', logicalType: 'uuid' },
      doc: 'Unique id of this message.',
    },
    {
      name: 'occurredAt',
      type: { type: 'long', logicalType: 'timestamp-millis' },
      doc: 'When the fact happened.',
    },
    { name: 'correlationId', type: 'string', doc: 'Saga id or business key.' },
    {
      name: 'causationId',
      type: ['null', 'string'],
      default: null,
      doc: 'The message that caused this one, if any.',
    },
    { name: 'source', type: 'string', doc: 'The producing service.' },
  ],
};

export const ENCOUNTER_CLASS = {
  type: 'enum',
  name: 'EncounterClass',
  namespace: `${NS}.clinical`,
  doc: 'How the patient was seen.',
  symbols: ['INPATIENT', 'OUTPATIENT', 'UNKNOWN'],
  default: 'UNKNOWN',
};

export const PROCEDURE = {
  type: 'record',
  name: 'Procedure',
  namespace: `${NS}.clinical`,
  doc: 'A procedure performed during the encounter.',
  fields: [
    { name: 'code', type: 'string', doc: 'CPT or ICD-10-PCS code.' },
    {
      name: 'performedOn',
      type: { type: 'int', logicalType: 'date' },
      doc: 'Calendar day it was performed.',
    },
  ],
};

export const ENCOUNTER_DISCHARGED = {
  type: 'record',
  name: 'EncounterDischarged',
  namespace: `${NS}.clinical`,
  doc: 'The patient left the hospital.\nStarts discharge-to-revenue.',
  fields: [
    { name: 'envelope', type: `${NS}.common.Envelope`, doc: 'Message metadata.' },
    { name: 'encounterId', type: 'string', doc: 'Encounter id of the EHR (visit number).' },
    {
      name: 'encounterClass',
      type: `${NS}.clinical.EncounterClass`,
      doc: 'Inpatient or outpatient.',
    },
    {
      name: 'dischargedAt',
      type: ['null', { type: 'long', logicalType: 'timestamp-millis' }],
      default: null,
      doc: 'When the discharge was recorded, if known.',
    },
    {
      name: 'procedures',
      type: { type: 'array', items: `${NS}.clinical.Procedure` },
      doc: 'Procedures, in order.',
    },
    { name: 'attributes', type: { type: 'map', values: 'string' }, doc: 'Free-form attributes.' },
    {
      name: 'expectedCharge',
      type: { type: 'bytes', logicalType: 'decimal', precision: 14, scale: 2 },
      doc: 'Charge estimate; see */ for details.',
    },
    { name: 'reference', type: ['string', 'long'], doc: 'External reference, text or number.' },
    { name: 'lengthOfStay', type: 'int', doc: 'Days.' },
    { name: 'sequence', type: 'long', doc: 'Sequence number.' },
    { name: 'weightKg', type: ['null', 'double'], default: null, doc: 'Weight in kg.' },
    { name: 'readmission', type: 'boolean', default: false, doc: 'Readmission within 30 days.' },
    { name: 'signature', type: 'bytes', doc: 'Detached signature.' },
  ],
};

export const ENCOUNTER_ADMITTED = {
  type: 'record',
  name: 'EncounterAdmitted',
  namespace: `${NS}.clinical`,
  doc: 'The patient was admitted.',
  fields: [
    { name: 'envelope', type: `${NS}.common.Envelope`, doc: 'Message metadata.' },
    { name: 'encounterId', type: 'string', doc: 'Encounter id.' },
  ],
};

export const TOPICS = {
  topics: [
    {
      name: 'clinical.encounter.v1',
      partitions: 6,
      key: 'encounterId',
      doc: 'Encounter lifecycle facts.',
      records: [`${NS}.clinical.EncounterAdmitted`, `${NS}.clinical.EncounterDischarged`],
    },
  ],
};

/** A small catalogue with a record per kind of field the mapping handles. */
export function clinicalFiles(): Record<string, unknown> {
  return {
    'schemas/common/Envelope.avsc': ENVELOPE,
    'schemas/clinical/EncounterClass.avsc': ENCOUNTER_CLASS,
    'schemas/clinical/Procedure.avsc': PROCEDURE,
    'schemas/clinical/EncounterDischarged.avsc': ENCOUNTER_DISCHARGED,
    'schemas/clinical/EncounterAdmitted.avsc': ENCOUNTER_ADMITTED,
    'schemas/topics.json': TOPICS,
    'schemas/compatibility.json': { default: 'FULL_TRANSITIVE', subjects: {} },
  };
}
