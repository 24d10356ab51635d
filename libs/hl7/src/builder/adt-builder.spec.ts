import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHl7 } from '../codec.js';
import { ADT_EVENT_STRUCTURES, validateStructure } from '../structure.js';
import type { AdtEvent } from '../structure.js';
import { parseHl7Timestamp } from '../timestamp.js';
import { buildAdtMessage, newControlId } from './adt-builder.js';
import type { AdtMessageInput } from './adt-builder.js';

const ADMIT = new Date('2026-11-18T14:05:00Z');
const DISCHARGE = new Date('2026-11-21T16:30:00Z');

const discharge: AdtMessageInput = {
  event: 'A03',
  controlId: 'MSG0003',
  visitNumber: 'V000123',
  mrn: 'MRN00042',
  patientClass: 'I',
  location: { unitId: '4W', roomId: '401', bedId: 'A', facilityId: 'MGH' },
  attending: { npi: '1234567893', family: 'SMITH', given: 'JOHN' },
  hospitalService: 'MED',
  admitAt: ADMIT,
  dischargeAt: DISCHARGE,
  disposition: '01',
  diagnoses: [
    { code: 'I21.4', description: 'NSTEMI', type: 'F', priority: 1 },
    { code: 'E11.9', type: 'F', priority: 2 },
  ],
  procedures: [
    { code: '93005', system: 'CPT', performedAt: ADMIT, procedureId: 'P1' },
    {
      code: '0SRD0J9',
      system: 'ICD10PCS',
      performedAt: DISCHARGE,
      surgeon: { npi: '1245319599', family: 'CUTTER', given: 'SAM' },
    },
  ],
  insurance: [{ payerId: 'BCBS-PPO', planId: 'BCBS-PPO-GOLD', payerName: 'BLUE CROSS' }],
};

describe('ADT message builder', () => {
  test('writes an A03 with every field where the ingest reads it', () => {
    const m = parseHl7(buildAdtMessage(discharge));
    const zone = { timeZone: 'UTC' };
    assert.equal(m.get('MSH-9'), 'ADT');
    assert.equal(m.get('MSH-9.2'), 'A03');
    assert.equal(m.get('MSH-9.3'), 'ADT_A03');
    assert.equal(m.controlId, 'MSG0003');
    assert.equal(m.version, '2.5.1');
    assert.equal(m.get('PID-3.1'), 'MRN00042');
    assert.equal(m.get('PID-3.4'), 'MGH');
    assert.equal(m.get('PID-3.5'), 'MR');
    assert.equal(m.get('PID-5'), 'DOE');
    assert.equal(m.get('PV1-2'), 'I');
    assert.deepEqual(
      [1, 2, 3, 4].map((c) => m.get(`PV1-3.${c}`)),
      ['4W', '401', 'A', 'MGH'],
    );
    assert.equal(m.get('PV1-7.1'), '1234567893');
    assert.equal(m.get('PV1-7.13'), 'NPI');
    assert.equal(m.get('PV1-10'), 'MED');
    assert.equal(m.get('PV1-19.1'), 'V000123');
    assert.equal(m.get('PV1-36'), '01');
    assert.equal(parseHl7Timestamp(m.get('PV1-44'), zone).getTime(), ADMIT.getTime());
    assert.equal(parseHl7Timestamp(m.get('PV1-45'), zone).getTime(), DISCHARGE.getTime());
    assert.match(m.get('PV1-45'), /^20261121113000-0500$/, 'facility time with its offset');
    assert.deepEqual(
      [m.get('DG1-3.1'), m.get('DG1-3.3'), m.get('DG1-6'), m.get('DG1-15')],
      ['I21.4', 'I10', 'F', '1'],
    );
    assert.equal(m.get('DG1(2)-15'), '2');
    assert.deepEqual([m.get('PR1-3.1'), m.get('PR1-3.3'), m.get('PR1-19')], ['93005', 'C4', 'P1']);
    assert.deepEqual([m.get('PR1(2)-3.3'), m.get('PR1(2)-11.1')], ['I10P', '1245319599']);
    assert.deepEqual(
      [m.get('IN1-1'), m.get('IN1-2'), m.get('IN1-3')],
      ['1', 'BCBS-PPO-GOLD', 'BCBS-PPO'],
    );
  });

  test('follows the structure of every supported event', () => {
    const events = Object.keys(ADT_EVENT_STRUCTURES) as AdtEvent[];
    for (const event of events) {
      const carriesNothing = event === 'A02';
      const input: AdtMessageInput = {
        ...discharge,
        event,
        ...(carriesNothing ? { diagnoses: [], procedures: [], insurance: [] } : {}),
        ...(event === 'A11' ? { procedures: [], insurance: [] } : {}),
      };
      const m = parseHl7(buildAdtMessage(input));
      assert.deepEqual(
        validateStructure(m, ADT_EVENT_STRUCTURES[event], 'strict').violations,
        [],
        event,
      );
    }
  });

  test('refuses segments the event does not carry', () => {
    assert.throws(
      () => buildAdtMessage({ ...discharge, event: 'A02' }),
      /A02 \(ADT_A02\) carries no diagnoses/,
    );
  });

  test('writes a prior location and the transfer time for an A02', () => {
    const m = parseHl7(
      buildAdtMessage({
        event: 'A02',
        visitNumber: 'V1',
        mrn: 'M1',
        location: { unitId: 'ICU', roomId: '601', bedId: 'A' },
        priorLocation: { unitId: '4W', roomId: '401', bedId: 'A' },
        occurredAt: ADMIT,
      }),
    );
    assert.equal(m.get('PV1-6.1'), '4W');
    assert.equal(m.get('PV1-3.1'), 'ICU');
    assert.equal(m.get('PV1-3.4'), '');
    assert.notEqual(m.get('EVN-6'), '');
  });

  test('creates control ids of at most 20 characters that do not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newControlId()));
    assert.equal(ids.size, 1000);
    for (const id of ids) assert.ok(id.length <= 20, id);
  });
});
