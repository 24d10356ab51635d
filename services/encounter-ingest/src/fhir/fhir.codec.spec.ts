import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Encounter, OperationOutcome } from '@medplum/fhirtypes';
import type { EncounterEvent } from '../encounters/encounter-events.js';
import type { Interpretation } from '../ingest/protocol.js';
import { EVENT_ID_SYSTEM, FhirCodec } from './fhir.codec.js';
import { EXAMPLE_ENCOUNTER, usCoreEncounter } from './fhir.examples.js';

const codec = new FhirCodec({ timeZone: 'America/New_York', defaultFacility: 'MGH' });
const RECEIVED = {
  receivedAt: new Date('2026-11-21T17:00:00Z'),
  messageId: 'b5f79b36-0e30-4bca-bb01-f0f73aa32f36',
};

const read = (encounter: unknown): Interpretation =>
  codec.interpret(JSON.stringify(encounter), RECEIVED);

function eventOf(encounter: unknown): EncounterEvent {
  const { result } = read(encounter);
  assert.ok('event' in result, JSON.stringify('issues' in result ? result.issues : result));
  return result.event;
}

const fields = (encounter: unknown): Record<string, unknown> =>
  eventOf(encounter).draft as unknown as Record<string, unknown>;

/** The rejection's OperationOutcome issues as `code expression: diagnostics`. */
function problems(encounter: unknown): string[] {
  const interpretation = read(encounter);
  assert.ok('issues' in interpretation.result, 'the Encounter should be rejected');
  const answer = interpretation.answer({
    status: 'REJECTED',
    issues: interpretation.result.issues,
  });
  const outcome = JSON.parse(answer.text) as OperationOutcome;
  return (outcome.issue ?? []).map(
    (i) => `${i.code} ${i.expression?.join(',') ?? '-'}: ${i.diagnostics ?? ''}`,
  );
}

const inProgress: Encounter = {
  ...EXAMPLE_ENCOUNTER,
  status: 'in-progress',
  period: { start: '2026-11-18T09:05:00-05:00' },
  hospitalization: {},
  diagnosis: [{ condition: { reference: '#dx1' }, rank: 1, use: { coding: [{ code: 'AD' }] } }],
};

describe('FHIR Encounter interpretation', () => {
  test('maps a finished Encounter with contained resources to EncounterDischarged', () => {
    const interpretation = read(EXAMPLE_ENCOUNTER);
    assert.deepEqual(interpretation.identity, {
      controlId: 'Encounter/enc-000123/_history/3',
      sendingApplication: 'urn:epic:mgh',
      sendingFacility: null,
      messageType: 'Encounter.finished',
      encounterId: 'MGH:V000123',
      processingId: null,
    });
    const event = eventOf(EXAMPLE_ENCOUNTER);
    assert.equal(event.contract.fullName, 'health.meridian.clinical.EncounterDischarged');
    assert.deepEqual(fields(EXAMPLE_ENCOUNTER), {
      encounterId: 'MGH:V000123',
      visitNumber: 'V000123',
      visitNumberAuthority: 'MGH',
      patientMrn: 'MRN00042',
      mrnAssigningAuthority: 'MGH',
      sourceSystem: 'FHIR',
      sourceControlId: 'Encounter/enc-000123/_history/3',
      attendingProviderNpi: '1234567893',
      hospitalService: null,
      primaryPayerId: 'BCBS-PPO',
      primaryPlanId: 'BCBS-PPO-GOLD',
      patientClass: 'INPATIENT',
      admittedAt: new Date('2026-11-18T14:05:00Z'),
      dischargedAt: new Date('2026-11-21T16:30:00Z'),
      location: { facilityId: 'MGH', unitId: '4W', roomId: '401', bedId: 'A' },
      dischargeDisposition: '01',
      diagnoses: [{ icd10CmCode: 'I21.4', priority: 1, principal: true, diagnosisType: 'FINAL' }],
      procedures: [
        {
          procedureId: 'px1',
          code: '93005',
          codeSystem: 'CPT',
          performedAt: new Date('2026-11-18T15:00:00Z'),
          surgeonNpi: null,
        },
      ],
    });
  });

  test('maps a US Core Encounter: contained bed Location up its partOf chain, Patient, Practitioner', () => {
    const draft = fields(usCoreEncounter('V7', 'in-progress', '1'));
    assert.deepEqual(
      [draft['encounterId'], draft['patientMrn'], draft['attendingProviderNpi'], draft['location']],
      [
        'MGH:V7',
        'MRN00042',
        '1234567893',
        { facilityId: 'MGH', unitId: '4W', roomId: '401', bedId: 'B' },
      ],
    );
    assert.deepEqual(draft['admittingDiagnoses'], [
      { icd10CmCode: 'I21.4', priority: 1, principal: true, diagnosisType: 'ADMITTING' },
    ]);
    const discharged = eventOf(usCoreEncounter('V7', 'finished', '2'));
    assert.equal(discharged.contract.fullName, 'health.meridian.clinical.EncounterDischarged');
  });

  test('qualifies the visit number with the serviceProvider when the identifier names no assigner', () => {
    const encounter = usCoreEncounter('V8', 'in-progress', '1');
    const [identifier] = encounter.identifier ?? [];
    const unassigned = { ...encounter, identifier: [{ ...identifier, assigner: undefined }] };
    const providers = { ...unassigned, serviceProvider: { identifier: { value: 'BWH' } } };
    assert.equal(read(unassigned).identity.encounterId, 'MGH:V8');
    assert.equal(read(providers).identity.encounterId, 'BWH:V8');
  });

  test('maps in-progress to EncounterAdmitted with its admitting diagnoses', () => {
    const draft = fields(inProgress);
    assert.equal(
      eventOf(inProgress).contract.fullName,
      'health.meridian.clinical.EncounterAdmitted',
    );
    assert.deepEqual(draft['admittingDiagnoses'], [
      { icd10CmCode: 'I21.4', priority: 1, principal: true, diagnosisType: 'ADMITTING' },
    ]);
  });

  test('maps planned and arrived to EncounterRegistered, registered when it arrived', () => {
    const planned = {
      ...inProgress,
      status: 'planned',
      meta: { lastUpdated: '2026-11-17T12:00:00Z' },
    };
    assert.deepEqual(fields(planned)['registeredAt'], new Date('2026-11-17T12:00:00Z'));
    const arrived = { ...inProgress, status: 'arrived', meta: {} };
    assert.deepEqual(fields(arrived)['registeredAt'], new Date('2026-11-18T14:05:00Z'));
    assert.equal(
      eventOf(arrived).contract.fullName,
      'health.meridian.clinical.EncounterRegistered',
    );
  });

  test('cancels the admission, or the discharge of an encounter that had finished', () => {
    const name = (e: unknown): string => eventOf(e).contract.fullName.split('.').pop() ?? '';
    assert.equal(name({ ...inProgress, status: 'cancelled' }), 'EncounterAdmissionCancelled');
    assert.equal(
      name({ ...inProgress, status: 'entered-in-error' }),
      'EncounterAdmissionCancelled',
    );
    assert.equal(
      name({ ...EXAMPLE_ENCOUNTER, status: 'entered-in-error' }),
      'EncounterDischargeCancelled',
    );
    const history = {
      ...inProgress,
      status: 'entered-in-error',
      statusHistory: [{ status: 'finished', period: { start: '2026-11-18' } }],
    };
    assert.equal(name(history), 'EncounterDischargeCancelled');
  });

  test('reads the MRN from a contained Patient and keys requests without a version by message id', () => {
    const encounter = {
      ...inProgress,
      id: undefined,
      meta: undefined,
      subject: { reference: '#pat' },
      contained: [
        ...(inProgress.contained ?? []),
        {
          resourceType: 'Patient',
          id: 'pat',
          identifier: [
            { system: 'urn:ssn', value: '000-00-0000' },
            { type: { coding: [{ code: 'MR' }] }, system: 'urn:mgh:mrn', value: 'MRN00077' },
          ],
        },
      ],
    };
    const draft = fields(encounter);
    assert.equal(draft['patientMrn'], 'MRN00077');
    assert.equal(draft['mrnAssigningAuthority'], 'urn:mgh:mrn');
    assert.equal(draft['sourceControlId'], `urn:uuid:${RECEIVED.messageId}`);
    assert.equal(read(encounter).identity.controlId, null);
  });

  test('names every problem with its FHIRPath expression', () => {
    assert.deepEqual(
      problems({
        ...EXAMPLE_ENCOUNTER,
        identifier: undefined,
        subject: undefined,
        class: { code: 'XYZ' },
        period: { start: '2026-11-18T09:05:00-05:00' },
        location: [],
        participant: [
          {
            type: [{ coding: [{ code: 'ATND' }] }],
            individual: {
              identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567890' },
            },
          },
        ],
      }).sort(),
      [
        'code-invalid Encounter.class: Encounter.class is not a v3 ActCode encounter class (IMP, AMB, EMER, OBSENC, SS, PRENC...)',
        'required Encounter.identifier: Encounter.identifier is required: the visit number (type VN), 1 to 64 characters',
        'required Encounter.location: Encounter.location is required',
        'required Encounter.period.end: Encounter.period.end is required',
        'required Encounter.subject: Encounter.subject is required (the MRN: an identifier, or a contained Patient)',
        'value Encounter.participant[0].individual.identifier: Encounter.participant[0].individual.identifier is not a valid NPI (10 digits with a check digit)',
      ],
    );
  });

  test('refuses what breaks the base R4 StructureDefinitions as structure issues (AR)', () => {
    const encounter = {
      ...EXAMPLE_ENCOUNTER,
      period: { start: 'yesterday', end: '2026-11-21T11:30:00-05:00' },
      diagnosis: [{ condition: { reference: '#dx1' }, rank: -1 }],
      reason: 'chest pain',
      contained: [{ resourceType: 'Condition', id: 'dx1', code: { text: 'MI' } }],
    };
    assert.deepEqual(problems(encounter).sort(), [
      'structure Encounter.contained[0].subject: Encounter.contained[0].subject: Missing required property',
      'structure Encounter.diagnosis[0].rank: Encounter.diagnosis[0].rank: Expected number to be in the range 1..2147483647',
      'structure Encounter.period.start: Encounter.period.start: Invalid dateTime format',
      'structure Encounter.reason: Encounter.reason: Invalid additional property "reason"',
    ]);
    const interpretation = read(encounter);
    assert.ok('issues' in interpretation.result);
    const answer = interpretation.answer({
      status: 'REJECTED',
      issues: interpretation.result.issues,
    });
    assert.equal(answer.code, 'AR');
    assert.ok(!answer.text.includes('yesterday'), 'an issue never quotes the value');
  });

  test('refuses valid R4 it cannot map (references that lead nowhere, codes from other systems) as AE', () => {
    const encounter = {
      ...EXAMPLE_ENCOUNTER,
      diagnosis: [
        { condition: { reference: 'Condition/123' } },
        { condition: { reference: '#dx1' } },
      ],
      account: [{ reference: '#missing' }],
      contained: [
        ...(EXAMPLE_ENCOUNTER.contained ?? []).filter((r) => r.resourceType === 'Location'),
        {
          resourceType: 'Condition',
          id: 'dx1',
          subject: { reference: '#' },
          code: { coding: [{ system: 'http://snomed.info/sct', code: '22298006' }] },
        },
      ],
    };
    assert.deepEqual(problems(encounter).sort(), [
      'code-invalid Encounter.contained[3].code: Encounter.contained[3].code has no ICD-10-CM coding (http://hl7.org/fhir/sid/icd-10-cm)',
      'required Encounter.account[0]: Encounter.account[0] must reference a contained Account (#id)',
      'required Encounter.diagnosis[0].condition: Encounter.diagnosis[0].condition must reference a contained Condition or Procedure (#id)',
    ]);
    const interpretation = read(encounter);
    assert.ok('issues' in interpretation.result);
    assert.equal(
      interpretation.answer({ status: 'REJECTED', issues: interpretation.result.issues }).code,
      'AE',
    );
  });

  test('rejects a body that is not JSON, or not an Encounter, as a structure problem', () => {
    const notJson = codec.interpret('{"resourceType":', RECEIVED);
    assert.ok('issues' in notJson.result);
    assert.equal(notJson.answer({ status: 'REJECTED', issues: notJson.result.issues }).code, 'AR');
    assert.deepEqual(problems({ resourceType: 'Patient' }), [
      'structure Encounter.resourceType: Encounter.resourceType must be Encounter',
    ]);
  });

  test('answers success with the published event id and record', () => {
    const answer = read(EXAMPLE_ENCOUNTER).answer({ status: 'PROCESSED', eventIds: ['e-1'] });
    assert.equal(answer.code, 'AA');
    const outcome = JSON.parse(answer.text) as OperationOutcome;
    assert.deepEqual(outcome.issue?.[0]?.details?.coding, [
      { system: EVENT_ID_SYSTEM, code: 'e-1', display: 'EncounterDischarged' },
    ]);
    assert.equal(outcome.issue?.[0]?.severity, 'information');
  });
});
