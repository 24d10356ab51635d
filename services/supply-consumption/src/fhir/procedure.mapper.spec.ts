import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProblemException } from '@meridian/service-kit';
import { invalidRequestErrors } from '@meridian/service-kit/testing';
import { gs1Udi, hibccUdi } from '@meridian/udi';
import {
  IMPLANTATION_ACTION,
  mapProcedure,
  NPI_SYSTEM,
  procedureUsageId,
} from './procedure.mapper.js';

const NOW = new Date('2026-03-15T12:00:00.000Z');
const GTIN = '09506000134352';
const HRF = gs1Udi({ gtin: GTIN, lot: 'L1', serial: 'S1', expiry: '2027-12-31' });

/** A completed Procedure with one implanted contained Device, varied by `overrides`. */
function procedure(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceType: 'Procedure',
    id: 'proc-1',
    status: 'completed',
    contained: [
      { resourceType: 'Device', id: 'dev1', udiCarrier: [{ carrierHRF: HRF }] },
      {
        resourceType: 'Practitioner',
        id: 'surgeon',
        identifier: [{ system: NPI_SYSTEM, value: '1245319599' }],
      },
      { resourceType: 'Location', id: 'or', identifier: [{ value: 'OR' }] },
    ],
    encounter: {
      identifier: { value: 'V000123', assigner: { identifier: { value: 'MGH' } } },
    },
    performer: [{ actor: { reference: '#surgeon' } }],
    performedDateTime: '2026-03-15T07:30:00-04:00',
    location: { reference: '#or' },
    focalDevice: [{ manipulated: { reference: '#dev1' } }],
    ...overrides,
  };
}

function expressions(body: unknown): Record<string, string> {
  const errors = invalidRequestErrors(() => mapProcedure(body, NOW));
  return Object.fromEntries(errors.map((e) => [e.field, e.message]));
}

describe('FHIR Procedure to implant usages', () => {
  test('maps encounter, surgeon, time, unit and each implanted device', () => {
    const [capture, ...rest] = mapProcedure(procedure(), NOW);
    assert.equal(rest.length, 0);
    assert.deepEqual(
      {
        encounterId: capture?.encounterId,
        npi: capture?.implantingSurgeonNpi,
        usedAt: capture?.usedAt.toISOString(),
        unitId: capture?.unitId,
        source: capture?.source,
        sourceReference: capture?.sourceReference,
        procedureRef: capture?.procedureRef,
        di: capture?.udi.deviceIdentifier,
        serial: capture?.udi.serialNumber,
        usageId: capture?.usageId,
        where: capture?.fieldNames.serialNumber,
      },
      {
        encounterId: 'MGH:V000123',
        npi: '1245319599',
        usedAt: '2026-03-15T11:30:00.000Z',
        unitId: 'OR',
        source: 'FHIR_PROCEDURE',
        sourceReference: 'proc-1',
        procedureRef: 'proc-1',
        di: GTIN,
        serial: 'S1',
        usageId: procedureUsageId('proc-1', 0),
        where: 'Procedure.contained[0].udiCarrier[0].carrierHRF',
      },
    );
  });

  test('usage ids are UUIDs (version 5) of the Procedure id and the focalDevice', () => {
    const id = procedureUsageId('proc-1', 0);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(id, procedureUsageId('proc-1', 0));
    assert.notEqual(id, procedureUsageId('proc-1', 1));
    assert.notEqual(id, procedureUsageId('proc-2', 0));
  });

  test('reads a contained Encounter visit number, an NPI on the actor, performedPeriod and base64 AIDC', () => {
    const body = procedure({
      contained: [
        {
          resourceType: 'Device',
          id: 'dev1',
          udiCarrier: [
            {
              carrierAIDC: Buffer.from(
                hibccUdi({ labeler: 'H123', product: 'PART001', unitOfMeasure: 1, serial: 'SN9' }),
                'latin1',
              ).toString('base64'),
            },
          ],
        },
        {
          resourceType: 'Encounter',
          id: 'enc',
          identifier: [
            { value: 'MRN-ish', use: 'secondary' },
            {
              type: {
                coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'VN' }],
              },
              value: 'V777',
              assigner: { display: 'BWH' },
            },
          ],
        },
      ],
      encounter: { reference: '#enc' },
      performer: [
        { actor: { display: 'Scrub nurse' } },
        { actor: { identifier: { system: NPI_SYSTEM, value: '1245319599' } } },
      ],
      performedDateTime: undefined,
      performedPeriod: { start: '2026-03-15T08:00:00Z' },
      location: undefined,
    });
    const [capture] = mapProcedure(body, NOW);
    assert.deepEqual(
      [
        capture?.encounterId,
        capture?.implantingSurgeonNpi,
        capture?.usedAt.toISOString(),
        capture?.unitId,
      ],
      ['BWH:V777', '1245319599', '2026-03-15T08:00:00.000Z', null],
    );
    assert.deepEqual([capture?.udi.issuingAgency, capture?.udi.serialNumber], ['HIBCC', 'SN9']);
    assert.equal(capture?.fieldNames.device, 'Procedure.contained[0].udiCarrier[0].carrierAIDC');
  });

  test('names each invalid element by its FHIRPath', () => {
    const body = procedure({
      contained: [
        {
          resourceType: 'Device',
          id: 'dev1',
          udiCarrier: [{ carrierHRF: '(01)09506000134353(21)S1' }],
        },
        {
          resourceType: 'Practitioner',
          id: 'surgeon',
          identifier: [{ system: NPI_SYSTEM, value: '1245319598' }],
        },
      ],
      encounter: { identifier: { value: 'V1' } },
      performedDateTime: '2026-03-15',
      location: { identifier: { value: 'OR ROOM 1' } },
      focalDevice: [
        { manipulated: { reference: '#dev1' } },
        { manipulated: { reference: 'Device/99' } },
      ],
    });
    const found = expressions(body);
    assert.deepEqual(Object.keys(found).sort(), [
      'Procedure.contained[0].udiCarrier[0].carrierHRF',
      'Procedure.contained[1].identifier[0].value',
      'Procedure.encounter.identifier.assigner',
      'Procedure.focalDevice[1].manipulated',
      'Procedure.location.identifier',
      'Procedure.performedDateTime',
    ]);
    assert.match(
      found['Procedure.contained[0].udiCarrier[0].carrierHRF'] ?? '',
      /^GTIN check digit: /,
    );
  });

  test('requires the id, the encounter, a performer NPI, performed[x] and a focalDevice', () => {
    assert.deepEqual(
      Object.keys(
        expressions({
          resourceType: 'Procedure',
          status: 'completed',
          performer: [{ actor: { display: 'x' } }],
        }),
      ).sort(),
      [
        'Procedure.encounter',
        'Procedure.focalDevice',
        'Procedure.id',
        'Procedure.performed[x]',
        'Procedure.performer',
      ],
    );
    assert.deepEqual(Object.keys(expressions({ resourceType: 'Encounter' })), [
      'Procedure.resourceType',
    ]);
  });

  test('refuses a Procedure that is not completed with 422; skips devices not implanted', () => {
    const refusal = (body: unknown): ProblemException => {
      try {
        mapProcedure(body, NOW);
      } catch (error) {
        assert.ok(error instanceof ProblemException);
        return error;
      }
      assert.fail('no refusal');
    };
    const notDone = refusal(procedure({ status: 'in-progress' }));
    assert.deepEqual(
      [notDone.getStatus(), notDone.problem.errors?.[0]?.field],
      [422, 'Procedure.status'],
    );
    const removed = { system: 'http://snomed.info/sct', code: '129303008' };
    const explant = refusal(
      procedure({
        focalDevice: [{ action: { coding: [removed] }, manipulated: { reference: '#dev1' } }],
      }),
    );
    assert.deepEqual(
      [explant.getStatus(), explant.problem.errors?.[0]?.field],
      [422, 'Procedure.focalDevice'],
    );
    const implanted = { system: 'http://snomed.info/sct', code: IMPLANTATION_ACTION };
    assert.equal(
      mapProcedure(
        procedure({
          focalDevice: [{ action: { coding: [implanted] }, manipulated: { reference: '#dev1' } }],
        }),
        NOW,
      ).length,
      1,
    );
  });
});
