import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import avro from 'avsc';
import { payloadView, schemaName } from './payload-view.js';

const SCHEMA = {
  type: 'record',
  name: 'PatientThing',
  namespace: 'health.meridian.test',
  fields: [
    { name: 'encounterId', type: 'string' },
    { name: 'patientMrn', type: 'string', 'confluent:tags': ['PHI'] },
    {
      name: 'birthDate',
      type: ['null', { type: 'int', logicalType: 'date' }],
      default: null,
      'confluent:tags': ['PHI'],
    },
    { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
    {
      name: 'location',
      type: {
        type: 'record',
        name: 'Location',
        fields: [
          { name: 'unit', type: 'string' },
          {
            name: 'patientName',
            type: ['null', 'string'],
            default: null,
            'confluent:tags': ['PHI'],
          },
        ],
      },
    },
    { name: 'previous', type: ['null', 'Location'], default: null },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['A', 'B'] } },
    { name: 'details', type: ['null', { type: 'map', values: 'string' }], default: null },
  ],
};

/** Encodes with avsc's plain types: dates as day numbers, timestamps as millis, decimals as bytes. */
function encode(value: Record<string, unknown>): Buffer {
  return avro.Type.forSchema(SCHEMA as avro.Schema, { wrapUnions: true }).toBuffer(value);
}

const BODY = encode({
  encounterId: 'ENC-9',
  patientMrn: 'MRN-123',
  birthDate: { int: 3652 },
  occurredAt: Date.UTC(2026, 11, 6, 1, 2, 3),
  amount: Buffer.from([0xff, 0x85]), // -123 unscaled: -1.23
  location: { unit: '4W', patientName: { string: 'DOE^JANE' } },
  previous: { 'health.meridian.test.Location': { unit: '3E', patientName: null } },
  status: 'B',
  details: { map: { cdm: '0278' } },
});

describe('payloadView', () => {
  test('renders every field as the writer schema has it: logical types, unions, nested records, maps', () => {
    assert.deepEqual(payloadView(SCHEMA, BODY), {
      encounterId: 'ENC-9',
      patientMrn: 'MRN-123',
      birthDate: '1980-01-01',
      occurredAt: '2026-12-06T01:02:03.000Z',
      amount: '-1.23',
      location: { unit: '4W', patientName: 'DOE^JANE' },
      previous: { unit: '3E', patientName: null },
      status: 'B',
      details: { cdm: '0278' },
    });
  });

  test('throws on a body that does not match the schema', () => {
    assert.throws(() => payloadView(SCHEMA, Buffer.from([1, 2, 3])));
  });

  test('names the record', () => {
    assert.equal(schemaName(SCHEMA), 'health.meridian.test.PatientThing');
  });
});
