import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClinicalPicture, Stay } from '@meridian/testing';
import { nextAction, type Bed, type World } from './world.ts';

const { withField } = await import('@meridian/testing');

const picture = (unitId: string): ClinicalPicture => ({
  name: `picture of ${unitId}`,
  unitId,
  hospitalService: 'MED',
  diagnoses: ['J18.9'],
  procedures: ['71046'],
});
const bed = (unitId: string, roomId: string, status = 'AVAILABLE', facilityId = 'MGH'): Bed => ({
  facilityId,
  unitId,
  roomId,
  bedId: 'A',
  status,
});
const stay = (visitNumber: string, unitId: string): Stay =>
  ({ visitNumber, location: { unitId, facilityId: 'MGH' } }) as unknown as Stay;
const world = (overrides: Partial<World>): World => ({
  tick: 10,
  beds: [],
  admitted: [],
  recentlyDischarged: [],
  pictures: [picture('4W'), picture('ICU')],
  targetCensus: 2,
  minStayTicks: 3,
  ...overrides,
});
const always = (value: number) => () => value;

describe('demo world', () => {
  test('admits into a free bed with a clinical picture of that unit while under the target census', () => {
    const action = nextAction(
      world({ beds: [bed('ICU', '601'), bed('4W', '401', 'OCCUPIED')] }),
      always(0.9),
    );
    assert.deepEqual(action, { kind: 'admit', bed: bed('ICU', '601'), picture: picture('ICU') });
  });

  test('discharges a patient who stayed long enough once the census is reached', () => {
    const admitted = [
      { stay: stay('V1', '4W'), admittedTick: 1 },
      { stay: stay('V2', '4W'), admittedTick: 9 },
    ];
    const action = nextAction(world({ admitted }), always(0.6));
    assert.equal(action.kind, 'discharge');
    assert.equal(action.kind === 'discharge' && action.visitNumber, 'V1');
  });

  test('scans an implant for a patient in house now and then', () => {
    const admitted = [{ stay: stay('V1', '4W'), admittedTick: 1 }];
    assert.deepEqual(nextAction(world({ admitted, targetCensus: 1 }), always(0.42)), {
      kind: 'implant',
      visitNumber: 'V1',
    });
  });

  test('transfers within the facility of the patient only: an A02 never crosses to another hospital', () => {
    const admitted = [{ stay: stay('V1', '4W'), admittedTick: 1 }];
    const beds = [bed('ICU', '601', 'AVAILABLE', 'BWH'), bed('ICU', '602')];
    const action = nextAction(world({ admitted, beds, targetCensus: 1 }), always(0.5));
    assert.deepEqual(action, { kind: 'transfer', visitNumber: 'V1', to: bed('ICU', '602') });
  });

  test('sends a malformed message now and then, and cancels a recent discharge', () => {
    assert.equal(nextAction(world({}), always(0.01)).kind, 'invalid');
    assert.equal(nextAction(world({}), always(0.3)).kind, 'invoice');
    assert.deepEqual(nextAction(world({ recentlyDischarged: ['V7'] }), always(0.05)), {
      kind: 'cancel-discharge',
      visitNumber: 'V7',
    });
  });

  test('withField empties PID-3 and replaces PV1-45, leaving other segments alone', () => {
    const message = 'MSH|^~\\&|EPIC\rPID|1||MRN1^^^MGH^MR\rPV1|1|I';
    assert.equal(withField(message, 'PID', 3, ''), 'MSH|^~\\&|EPIC\rPID|1||\rPV1|1|I');
    assert.match(withField(message, 'PV1', 45, '20261345'), /\rPV1\|1\|I(\|){43}20261345$/);
  });
});
