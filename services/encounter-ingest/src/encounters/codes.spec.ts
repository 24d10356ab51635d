import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeIcd10Cm, procedureSystemOf, toLocation } from './codes.js';

describe('clinical codes', () => {
  test('ICD-10-CM codes come out dotted, and anything else is refused', () => {
    assert.equal(normalizeIcd10Cm('I21.4'), 'I21.4');
    assert.equal(normalizeIcd10Cm('i214'), 'I21.4');
    assert.equal(normalizeIcd10Cm('S72001A'), 'S72.001A');
    assert.equal(normalizeIcd10Cm('E11'), 'E11');
    for (const bad of ['', '123.4', 'U07', 'I2', 'I21.45678', 'I21-4']) {
      assert.equal(normalizeIcd10Cm(bad), undefined, bad);
    }
  });

  test('a procedure code without a system is read from its shape', () => {
    assert.equal(procedureSystemOf('71046'), 'CPT');
    assert.equal(procedureSystemOf('0001F'), 'CPT');
    assert.equal(procedureSystemOf('C1776'), 'HCPCS');
    assert.equal(procedureSystemOf('0SRD0J9'), 'ICD10PCS');
    assert.equal(procedureSystemOf('XR-CHEST'), 'UNKNOWN');
  });

  test('a location needs a unit; blank parts are null', () => {
    assert.deepEqual(
      toLocation({ unitId: '4W', roomId: '401', bedId: '', facilityId: undefined }),
      { facilityId: null, unitId: '4W', roomId: '401', bedId: null },
    );
    assert.equal(
      toLocation({ unitId: '', roomId: '401', bedId: 'A', facilityId: 'MGH' }),
      undefined,
    );
  });
});
