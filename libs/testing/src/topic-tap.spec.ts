import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decimalOf } from './topic-tap.js';

describe('decimals of tapped messages', () => {
  test("read Avro's two's complement bytes as a decimal string at the scale", () => {
    assert.equal(decimalOf(Buffer.from([0x03, 0xbd, 0x08])), '2450.00'); // 245000
    assert.equal(decimalOf(Buffer.from([0x05])), '0.05');
    assert.equal(decimalOf(Buffer.from([0xfe, 0xcf])), '-3.05'); // -305
    assert.equal(decimalOf(Buffer.from([])), '0.00');
    assert.equal(decimalOf(Buffer.from([0x7b]), 1), '12.3');
  });

  test('answer null for null and refuse what is not bytes', () => {
    assert.equal(decimalOf(null), null);
    assert.throws(() => decimalOf('2450.00'), /not an Avro decimal/);
  });
});
