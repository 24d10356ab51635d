import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DiagnosisLine } from '@meridian/contracts';
import {
  assignDrg,
  autoCode,
  codeProcedures,
  presentOnAdmission,
  sequenceDiagnoses,
} from './coding-rules.js';

const NY = 'America/New_York';
const dx = (
  icd10CmCode: string,
  priority: number,
  principal = false,
  diagnosisType: DiagnosisLine['diagnosisType'] = 'WORKING',
): DiagnosisLine => ({
  icd10CmCode,
  priority,
  principal,
  diagnosisType,
});

describe('MS-DRG rule table', () => {
  test('groups each listed principal category with and without secondary diagnoses', () => {
    const cases: [string, string, string][] = [
      ['I50.23', '291', '293'],
      ['J18.9', '193', '195'],
      ['A41.9', '871', '872'],
      ['N39.0', '689', '690'],
      ['I21.4', '280', '282'],
    ];
    for (const [principal, withSecondary, without] of cases) {
      assert.equal(assignDrg('INPATIENT', principal, true), withSecondary, principal);
      assert.equal(assignDrg('INPATIENT', principal, false), without, principal);
    }
  });

  test('matches N39.0 as a whole code, not its N39 category', () => {
    assert.equal(assignDrg('INPATIENT', 'N39.3', false), null);
  });

  test('gives no DRG to a principal diagnosis outside the table or to a patient who is not an inpatient', () => {
    assert.equal(assignDrg('INPATIENT', 'M17.11', true), null);
    assert.equal(assignDrg('OBSERVATION', 'I50.23', true), null);
  });
});

describe('present on admission from the diagnosis type', () => {
  test('marks admitting and working diagnoses of inpatients Y, final ones U, and outpatients null', () => {
    assert.equal(presentOnAdmission('ADMITTING', 'INPATIENT'), 'Y');
    assert.equal(presentOnAdmission('WORKING', 'INPATIENT'), 'Y');
    assert.equal(presentOnAdmission('FINAL', 'INPATIENT'), 'U');
    assert.equal(presentOnAdmission('ADMITTING', 'OUTPATIENT'), null);
  });
});

describe('auto-coding', () => {
  test('codes the principal first, secondaries by priority, with POA, procedures and the DRG', () => {
    const result = autoCode(
      {
        patientClass: 'INPATIENT',
        diagnoses: [
          dx('E11.9', 3, false, 'FINAL'),
          dx('i50.23', 2, true, 'ADMITTING'),
          dx('N18.3', 1),
        ],
        procedures: [
          { code: '93005', codeSystem: 'CPT', performedAt: new Date('2026-03-03T02:00:00Z') },
          { code: '02HV33Z', codeSystem: 'ICD10PCS', performedAt: '2026-03-04T15:00:00.000Z' },
          { code: 'LOCAL-9', codeSystem: 'UNKNOWN', performedAt: new Date('2026-03-03T10:00:00Z') },
        ],
      },
      NY,
    );
    assert.ok(result);
    assert.deepEqual(result.diagnoses, [
      { icd10CmCode: 'I50.23', sequence: 1, principal: true, presentOnAdmission: 'Y' },
      { icd10CmCode: 'N18.3', sequence: 2, principal: false, presentOnAdmission: 'Y' },
      { icd10CmCode: 'E11.9', sequence: 3, principal: false, presentOnAdmission: 'U' },
    ]);
    assert.deepEqual(result.procedures, [
      { code: '02HV33Z', codeSystem: 'ICD10PCS', sequence: 1, performedOn: '2026-03-04' },
      { code: '93005', codeSystem: 'CPT', sequence: 2, performedOn: '2026-03-02' },
    ]);
    assert.equal(result.drgCode, '291');
  });

  test('drops a secondary that repeats the principal, and groups without secondaries then', () => {
    const result = autoCode(
      {
        patientClass: 'INPATIENT',
        diagnoses: [dx('J18.9', 1, true), dx('J18.9', 2)],
        procedures: [],
      },
      NY,
    );
    assert.deepEqual(
      result?.diagnoses.map((d) => d.icd10CmCode),
      ['J18.9'],
    );
    assert.equal(result?.drgCode, '195');
  });

  test('leaves the encounter to a coder without a principal diagnosis or with an invalid code', () => {
    assert.equal(
      autoCode({ patientClass: 'INPATIENT', diagnoses: [dx('I50.23', 1)], procedures: [] }, NY),
      undefined,
    );
    assert.equal(
      autoCode({ patientClass: 'INPATIENT', diagnoses: [], procedures: [] }, NY),
      undefined,
    );
    assert.equal(
      autoCode(
        {
          patientClass: 'INPATIENT',
          diagnoses: [dx('I50.23', 1, true), dx('XX', 2)],
          procedures: [],
        },
        NY,
      ),
      undefined,
    );
  });

  test('sequences coder diagnoses principal first, whatever position the coder gave it', () => {
    const coded = sequenceDiagnoses([
      { code: 'E11.9', principal: false, presentOnAdmission: 'N' },
      { code: 'A41.9', principal: true, presentOnAdmission: 'Y' },
    ]);
    assert.deepEqual(
      coded.map((d) => [d.icd10CmCode, d.sequence, d.principal]),
      [
        ['A41.9', 1, true],
        ['E11.9', 2, false],
      ],
    );
  });

  test('numbers procedures from 1 with the facility date of the procedure', () => {
    const coded = codeProcedures(
      [{ code: '71046', codeSystem: 'CPT', performedAt: new Date('2026-03-04T03:00:00Z') }],
      NY,
    );
    assert.deepEqual(coded, [
      { code: '71046', codeSystem: 'CPT', sequence: 1, performedOn: '2026-03-03' },
    ]);
  });
});
