import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import avro from 'avsc';
import {
  avroTypeOptions,
  formatDecimal,
  fromTwosComplement,
  parseDecimal,
  toTwosComplement,
} from './logical-types.js';

const money = { type: 'bytes', logicalType: 'decimal', precision: 14, scale: 2 } as const;
const sampleSchema = {
  type: 'record',
  name: 'Sample',
  fields: [
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'serviceDate', type: { type: 'int', logicalType: 'date' } },
    { name: 'amount', type: money },
    { name: 'id', type: { type: 'string', logicalType: 'uuid' } },
  ],
} as const;
const record = avro.Type.forSchema(sampleSchema as unknown as avro.Schema, avroTypeOptions());

describe('Avro logical types', () => {
  it('round-trip a timestamp, a date, an exact decimal and a uuid', () => {
    const value = {
      at: new Date('2026-11-22T10:15:30.123Z'),
      serviceDate: '2026-02-28',
      amount: '-1234567890.05',
      id: '7d444840-9dc0-11d1-b245-5ffdce74fad2',
    };
    assert.deepEqual({ ...(record.fromBuffer(record.toBuffer(value)) as object) }, value);
  });

  it('resolves a writer of the same logical types, and of their plain underlying types', () => {
    const writer = avro.Type.forSchema(sampleSchema as unknown as avro.Schema, avroTypeOptions());
    const value = {
      at: new Date(1_795_300_000_000),
      serviceDate: '2026-11-22',
      amount: '99.95',
      id: '7d444840-9dc0-11d1-b245-5ffdce74fad2',
    };
    assert.deepEqual(
      { ...(record.fromBuffer(writer.toBuffer(value), record.createResolver(writer)) as object) },
      value,
    );

    const plain = avro.Type.forSchema({
      type: 'record',
      name: 'Sample',
      fields: [
        { name: 'at', type: 'long' },
        { name: 'serviceDate', type: 'int' },
        { name: 'amount', type: 'bytes' },
        { name: 'id', type: 'string' },
      ],
    });
    const raw = plain.toBuffer({
      at: 1_795_300_000_000,
      serviceDate: 20_414,
      amount: Buffer.from([0x27, 0x0f]),
      id: value.id,
    });
    const resolved = record.fromBuffer(raw, record.createResolver(plain)) as {
      at: Date;
      serviceDate: string;
      amount: string;
    };
    assert.deepEqual(resolved.at, value.at);
    assert.equal(resolved.serviceDate, '2025-11-22');
    assert.equal(resolved.amount, '99.99');
  });

  it('pads a decimal to its scale and never rounds one that has more digits', () => {
    const type = avro.Type.forSchema(money, avroTypeOptions());
    assert.equal(type.fromBuffer(type.toBuffer('12.5')), '12.50');
    assert.equal(type.isValid('12.505'), false);
    assert.equal(type.isValid('1234567890123.00'), false, '15 digits exceed precision 14');
    assert.equal(type.isValid(12.5), false, 'a float is not money');
  });

  it('rejects dates that do not exist and strings that are not uuids', () => {
    assert.equal(
      record.isValid({
        at: new Date(),
        serviceDate: '2026-02-30',
        amount: '1.00',
        id: '7d444840-9dc0-11d1-b245-5ffdce74fad2',
      }),
      false,
    );
    assert.equal(
      record.isValid({
        at: new Date(),
        serviceDate: '2026-02-28',
        amount: '1.00',
        id: 'not-a-uuid',
      }),
      false,
    );
  });

  it('encodes decimals as minimal big-endian two’s complement', () => {
    for (const [value, hex] of [
      [0n, '00'],
      [127n, '7f'],
      [128n, '0080'],
      [-1n, 'ff'],
      [-128n, '80'],
      [-129n, 'ff7f'],
    ] as const) {
      assert.equal(toTwosComplement(value).toString('hex'), hex, String(value));
      assert.equal(fromTwosComplement(toTwosComplement(value)), value);
    }
  });

  it('parses and formats decimal strings exactly', () => {
    assert.equal(parseDecimal('0012.30', 14, 2), 1230n);
    assert.equal(formatDecimal(-5n, 2), '-0.05');
    assert.equal(formatDecimal(123456n, 0), '123456');
  });
});
