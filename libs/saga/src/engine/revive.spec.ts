import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FinalizeCharges } from '@meridian/contracts';
import { revive } from './revive.js';

describe('revive', () => {
  it('turns ISO strings back into Dates where the schema has timestamp-millis, and only there', () => {
    const body = {
      encounterId: 'V1001',
      patientClass: 'INPATIENT',
      admittedAt: '2026-11-18T14:05:00.000Z',
      dischargedAt: '2026-11-21T10:30:00.000Z',
      location: { facilityId: 'MGH', unitId: '4W', roomId: '412', bedId: 'A' },
      procedures: [
        {
          procedureId: null,
          code: '99223',
          codeSystem: 'CPT',
          performedAt: '2026-11-18T15:00:00.000Z',
        },
      ],
      supplies: [],
      payerId: null,
    };
    const revived = revive(FinalizeCharges.schema, body) as Record<string, unknown>;
    assert.deepEqual(revived['admittedAt'], new Date('2026-11-18T14:05:00.000Z'));
    assert.deepEqual(revived['dischargedAt'], new Date('2026-11-21T10:30:00.000Z'));
    assert.equal(revived['encounterId'], 'V1001');
    assert.equal(revived['payerId'], null);
    assert.deepEqual(revived['location'], body.location);
    const [procedure] = revived['procedures'] as Record<string, unknown>[];
    assert.deepEqual(
      procedure?.['performedAt'],
      new Date('2026-11-18T15:00:00.000Z'),
      'inside arrays of named records too',
    );
    assert.equal(procedure?.['code'], '99223');
  });
});
