import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChargeableSupply, ProcedureLine } from '@meridian/contracts';
import { formatCents } from '@meridian/contracts';
import { priceEncounter, roomAndBoardDays } from './pricing.js';
import type { EncounterToPrice, PriceEntry, PriceLookup } from './pricing.js';

const NY = 'America/New_York';

const entry = (
  cdmCode: string,
  revenueCode: string,
  cpt: string | null,
  cents: number,
): PriceEntry => ({
  cdmCode,
  revenueCode,
  cptHcpcsCode: cpt,
  unitPriceCents: cents,
});
const ROOMS = new Map([
  ['4W', entry('0110001', '0120', null, 245000)],
  ['ICU', entry('0110003', '0200', null, 680000)],
]);
const PROCEDURES = new Map([
  ['71046', entry('3240001', '0324', '71046', 31000)],
  ['93005', entry('7300001', '0730', '93005', 18000)],
]);
const SUPPLIES = new Map([
  ['2700003', entry('2700003', '0270', null, 3200)],
  ['2500005', entry('2500005', '0250', 'J1650', 5800)],
]);
const cdm: PriceLookup = {
  roomAndBoard: (unitId) => ROOMS.get(unitId),
  procedure: (code) => PROCEDURES.get(code),
  chargeCode: (code) => SUPPLIES.get(code),
};

const procedure = (
  code: string,
  codeSystem: ProcedureLine['codeSystem'],
  performedAt: string,
): ProcedureLine => ({
  procedureId: `PR-${code}`,
  code,
  codeSystem,
  performedAt: new Date(performedAt),
  surgeonNpi: null,
});
const supply = (chargeCode: string, quantity: number, usedAt: string): ChargeableSupply => ({
  usageId: `U-${chargeCode}`,
  itemId: 'ITM-1003',
  chargeCode,
  hcpcsCode: null,
  quantity,
  unitOfMeasure: 'EA',
  usedAt: new Date(usedAt),
});
const encounter = (overrides: Partial<EncounterToPrice> = {}): EncounterToPrice => ({
  patientClass: 'INPATIENT',
  admittedAt: new Date('2026-03-02T15:00:00Z'),
  dischargedAt: new Date('2026-03-05T16:00:00Z'),
  facilityId: 'MGH',
  unitId: '4W',
  procedures: [],
  supplies: [],
  ...overrides,
});

describe('room and board days', () => {
  test('counts the midnights of an inpatient stay in the facility time zone', () => {
    // 20:00 EST on 2026-03-03 to 18:00 EST on 2026-03-05: 2 midnights (UTC dates differ by 1).
    const admitted = new Date('2026-03-04T01:00:00Z');
    const discharged = new Date('2026-03-05T23:00:00Z');
    assert.equal(roomAndBoardDays('INPATIENT', admitted, discharged, NY), 2);
    assert.equal(roomAndBoardDays('INPATIENT', admitted, discharged, 'UTC'), 1);
  });

  test('counts 2 days over the spring DST change although only 25 hours passed', () => {
    const admitted = new Date('2026-03-08T04:00:00Z'); // 23:00 EST, 2026-03-07
    const discharged = new Date('2026-03-09T05:00:00Z'); // 01:00 EDT, 2026-03-09
    assert.equal(roomAndBoardDays('INPATIENT', admitted, discharged, NY), 2);
  });

  test('counts 1 day for a stay over the 25-hour fall-back day into the next morning', () => {
    const admitted = new Date('2026-11-01T04:30:00Z'); // 00:30 EDT, 2026-11-01
    const discharged = new Date('2026-11-02T14:00:00Z'); // 09:00 EST, 2026-11-02
    assert.equal(roomAndBoardDays('INPATIENT', admitted, discharged, NY), 1);
  });

  test('charges an inpatient discharged on the day of admission for 1 day', () => {
    const admitted = new Date('2026-03-02T13:00:00Z');
    const discharged = new Date('2026-03-02T22:00:00Z');
    assert.equal(roomAndBoardDays('INPATIENT', admitted, discharged, NY), 1);
  });

  test('charges no room and board to observation, outpatient or emergency patients', () => {
    const admitted = new Date('2026-03-02T13:00:00Z');
    const discharged = new Date('2026-03-04T13:00:00Z');
    for (const patientClass of ['OBSERVATION', 'OUTPATIENT', 'EMERGENCY'] as const) {
      assert.equal(roomAndBoardDays(patientClass, admitted, discharged, NY), 0, patientClass);
    }
  });
});

describe('pricing an encounter from the chargemaster', () => {
  test('prices room and board days x the unit rate, one unit per CPT procedure and supplies x quantity', () => {
    const pricing = priceEncounter(
      encounter({
        procedures: [
          procedure('71046', 'CPT', '2026-03-03T14:00:00Z'),
          procedure('93005', 'UNKNOWN', '2026-03-04T02:00:00Z'),
        ],
        supplies: [
          supply('2700003', 3, '2026-03-02T16:00:00Z'),
          supply('2500005', 2, '2026-03-03T16:00:00Z'),
        ],
      }),
      cdm,
      NY,
    );
    assert.ok(pricing.ok);
    assert.deepEqual(
      pricing.lines.map((l) => [
        l.cdmCode,
        l.revenueCode,
        l.cptHcpcsCode,
        l.quantity,
        formatCents(l.amountCents),
        l.serviceDate,
      ]),
      [
        ['0110001', '0120', null, 3, '7350.00', '2026-03-02'],
        ['3240001', '0324', '71046', 1, '310.00', '2026-03-03'],
        // 02:00 UTC on 03-04 is the evening of 03-03 in New York.
        ['7300001', '0730', '93005', 1, '180.00', '2026-03-03'],
        ['2700003', '0270', null, 3, '96.00', '2026-03-02'],
        ['2500005', '0250', 'J1650', 2, '116.00', '2026-03-03'],
      ],
    );
    assert.equal(formatCents(pricing.totalCents), '8052.00');
    assert.equal(pricing.lines[0]?.sourceReference, 'accommodation:4W:2026-03-02');
    assert.equal(pricing.lines[3]?.sourceReference, 'U-2700003');
  });

  test('codes but does not charge ICD-10-PCS procedures', () => {
    const pricing = priceEncounter(
      encounter({
        procedures: [
          procedure('02HV33Z', 'ICD10PCS', '2026-03-03T14:00:00Z'),
          procedure('0SRD0J9', 'UNKNOWN', '2026-03-03T15:00:00Z'),
        ],
      }),
      cdm,
      NY,
    );
    assert.ok(pricing.ok);
    assert.deepEqual(
      pricing.lines.map((l) => l.cdmCode),
      ['0110001'],
    );
  });

  test('charges an observation stay its procedures and supplies only', () => {
    const pricing = priceEncounter(
      encounter({
        patientClass: 'OBSERVATION',
        procedures: [procedure('93005', 'CPT', '2026-03-03T14:00:00Z')],
        supplies: [supply('2700003', 1, '2026-03-03T16:00:00Z')],
      }),
      cdm,
      NY,
    );
    assert.ok(pricing.ok);
    assert.deepEqual(
      pricing.lines.map((l) => l.cdmCode),
      ['7300001', '2700003'],
    );
    assert.equal(formatCents(pricing.totalCents), '212.00');
  });

  test('names every unknown unit, procedure code and charge code in one CHARGE_CODE_NOT_FOUND', () => {
    const pricing = priceEncounter(
      encounter({
        unitId: '9Z',
        procedures: [
          procedure('99999', 'CPT', '2026-03-03T14:00:00Z'),
          procedure('71046', 'CPT', '2026-03-03T14:00:00Z'),
        ],
        supplies: [supply('2729999', 1, '2026-03-03T16:00:00Z')],
      }),
      cdm,
      NY,
    );
    assert.ok(!pricing.ok);
    assert.equal(pricing.rejection.code, 'CHARGE_CODE_NOT_FOUND');
    assert.deepEqual(pricing.rejection.details, {
      unitId: '9Z',
      facilityId: 'MGH',
      procedureCodes: '99999',
      chargeCodes: '2729999',
      kind: 'ROOM_AND_BOARD,PROCEDURE,SUPPLY',
    });
  });

  test('names the unit, its facility and ROOM_AND_BOARD when an inpatient unit has no room and board row', () => {
    const pricing = priceEncounter(encounter({ unitId: '7N' }), cdm, NY);
    assert.ok(!pricing.ok);
    assert.deepEqual(pricing.rejection, {
      code: 'CHARGE_CODE_NOT_FOUND',
      message: 'no active room and board row in the chargemaster for unit 7N at facility MGH',
      details: { unitId: '7N', facilityId: 'MGH', kind: 'ROOM_AND_BOARD' },
    });
    const singleFacility = priceEncounter(encounter({ unitId: '7N', facilityId: null }), cdm, NY);
    assert.ok(!singleFacility.ok);
    assert.equal(
      singleFacility.rejection.message,
      'no active room and board row in the chargemaster for unit 7N',
    );
    assert.deepEqual(singleFacility.rejection.details, { unitId: '7N', kind: 'ROOM_AND_BOARD' });
  });

  test('does not need a room and board rate for a unit when the patient is not an inpatient', () => {
    const pricing = priceEncounter(encounter({ patientClass: 'EMERGENCY', unitId: 'ED' }), cdm, NY);
    assert.ok(pricing.ok);
    assert.deepEqual(pricing.lines, []);
    assert.equal(pricing.totalCents, 0);
  });

  test('rejects a discharge before the admission and a supply quantity that is not a positive whole number', () => {
    const backwards = priceEncounter(
      encounter({
        admittedAt: new Date('2026-03-05T10:00:00Z'),
        dischargedAt: new Date('2026-03-04T10:00:00Z'),
      }),
      cdm,
      NY,
    );
    assert.ok(!backwards.ok);
    assert.equal(backwards.rejection.code, 'INVALID_CHARGE_INPUT');
    const zero = priceEncounter(
      encounter({ supplies: [supply('2700003', 0, '2026-03-03T16:00:00Z')] }),
      cdm,
      NY,
    );
    assert.ok(!zero.ok);
    assert.deepEqual(zero.rejection.details, { field: 'supplies.quantity', usageId: 'U-2700003' });
  });
});
