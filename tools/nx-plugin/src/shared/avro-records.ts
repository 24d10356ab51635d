// Avro message records as schemas/README.md writes them: one named type per file at
// schemas/<domain>/<Name>.avsc, namespace health.meridian.<domain>, the envelope first, every
// field with a doc.
export const NAMESPACE = 'health.meridian';

export interface AvroField {
  readonly name: string;
  readonly type: unknown;
  readonly doc: string;
  readonly default?: unknown;
}

export interface AvroRecord {
  readonly type: 'record';
  readonly name: string;
  readonly namespace: string;
  readonly doc: string;
  readonly fields: readonly AvroField[];
}

export const schemaPath = (domain: string, name: string): string =>
  `schemas/${domain}/${name}.avsc`;

export const fullName = (domain: string, name: string): string => `${NAMESPACE}.${domain}.${name}`;

/** The first field of every message. */
export const ENVELOPE_FIELD: AvroField = {
  name: 'envelope',
  type: `${NAMESPACE}.common.Envelope`,
  doc: 'Message metadata (id, time, correlation, causation, producer); filled by the messaging runtime.',
};

export const UUID = { type: 'string', logicalType: 'uuid' } as const;

export function messageRecord(
  domain: string,
  name: string,
  doc: string,
  fields: readonly AvroField[],
): AvroRecord {
  return {
    type: 'record',
    name,
    namespace: `${NAMESPACE}.${domain}`,
    doc,
    fields: [ENVELOPE_FIELD, ...fields],
  };
}

/** `MedicationDispensed` -> `medication dispensed`; `dispenseId` -> `dispense id`. */
export function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
}

/** `medication dispensed` -> `Medication dispensed`. */
export const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
