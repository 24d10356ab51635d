import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isProcedureCode, procedureSystem } from './procedure-codes.js';

describe('procedure code systems', () => {
  test('keeps the code system the sender declared', () => {
    assert.equal(procedureSystem('71046', 'CPT'), 'CPT');
    assert.equal(procedureSystem('0SRD0J9', 'ICD10PCS'), 'ICD10PCS');
  });

  test('infers CPT, HCPCS or ICD-10-PCS from the format when the system is UNKNOWN', () => {
    assert.equal(procedureSystem('93005', 'UNKNOWN'), 'CPT');
    assert.equal(procedureSystem('0042T', 'UNKNOWN'), 'CPT');
    assert.equal(procedureSystem('C1776', 'UNKNOWN'), 'HCPCS');
    assert.equal(procedureSystem('02HV33Z', 'UNKNOWN'), 'ICD10PCS');
    assert.equal(procedureSystem('LOCAL-1', 'UNKNOWN'), undefined);
  });

  test('checks formats: ICD-10-PCS has no letters I or O, HCPCS Level II starts A to V', () => {
    assert.equal(isProcedureCode('0SRD0J9', 'ICD10PCS'), true);
    assert.equal(isProcedureCode('0SRDOJ9', 'ICD10PCS'), false);
    assert.equal(isProcedureCode('W1234', 'HCPCS'), false);
    assert.equal(isProcedureCode('7104', 'CPT'), false);
  });
});
