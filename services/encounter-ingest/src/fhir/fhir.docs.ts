// The FHIR edge's documented mapping and example, for the OpenAPI document.
import type { Encounter } from '@medplum/fhirtypes';

export const FHIR_MAPPING = [
  'Maps a FHIR R4 Encounter (with contained resources) to one canonical event on clinical.encounter.v1, keyed by the visit number.',
  '',
  '- **status**: planned, arrived, triaged -> EncounterRegistered; in-progress -> EncounterAdmitted; onleave -> EncounterUpdated; finished -> EncounterDischarged; cancelled -> EncounterAdmissionCancelled; entered-in-error -> EncounterDischargeCancelled when the encounter has period.end or a finished statusHistory, else EncounterAdmissionCancelled.',
  '- **visit number** (encounter id): the identifier of type VN (http://terminology.hl7.org/CodeSystem/v2-0203), else the one with use usual.',
  '- **MRN**: subject.identifier, or the MR identifier of a contained Patient referenced as subject.reference "#id"; its assigning authority is assigner.display, else system.',
  '- **class** (v3 ActCode): IMP/ACUTE/NONAC inpatient, AMB/HH/VR/FLD outpatient, EMER emergency, OBSENC/SS observation, PRENC pre-admission.',
  '- **period.start** admission (required when in-progress or finished), **period.end** discharge (required when finished); meta.lastUpdated is when the event was recorded (default: when received).',
  '- **location**: the active (else first) location[].location, its identifier.value or display written like HL7 PV1-3: unit^room^bed^facility (e.g. 4W^401^A^MGH); required when in-progress or finished.',
  '- **attending**: the participant of type ATND, individual.identifier of system http://hl7.org/fhir/sid/us-npi.',
  '- **diagnoses**: Encounter.diagnosis referencing a contained Condition coded in http://hl7.org/fhir/sid/icd-10-cm; rank 1 is the principal; use AD admitting, DD/billing final, others working.',
  '- **procedures**: Encounter.diagnosis referencing a contained Procedure (FHIR R4 allows Condition or Procedure there) coded in CPT (http://www.ama-assn.org/go/cpt), HCPCS or ICD-10-PCS, with performed[x] and a performer NPI as surgeon.',
  '- **payer**: account[0] -> contained Account -> coverage with the lowest priority -> contained Coverage: payor[].identifier.value is the payer, class of type plan the plan. No account: self-pay.',
  '',
  '**Deduplication**: a request whose Encounter has id and meta.versionId is keyed `Encounter/<id>/_history/<versionId>` (with meta.source as the sender): posting that version again answers 200 with the stored OperationOutcome and publishes nothing. Without them every request is processed.',
  '',
  '**Answers** are OperationOutcome (application/fhir+json): 201 informational, listing the published event id in issue.details.coding (system urn:meridian:clinical.encounter.v1:message-id); 400 one error issue per problem with its FHIRPath expression; 503 when Kafka did not take the event (send it again).',
].join('\n');

export const EXAMPLE_ENCOUNTER: Encounter = {
  resourceType: 'Encounter',
  id: 'enc-000123',
  meta: { versionId: '3', source: 'urn:epic:mgh' },
  identifier: [
    {
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'VN' }] },
      value: 'V000123',
    },
  ],
  status: 'finished',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
  subject: { identifier: { value: 'MRN00042', assigner: { display: 'MGH' } } },
  period: { start: '2026-11-18T09:05:00-05:00', end: '2026-11-21T11:30:00-05:00' },
  location: [{ status: 'active', location: { display: '4W^401^A^MGH' } }],
  participant: [
    {
      type: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'ATND' },
          ],
        },
      ],
      individual: { identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' } },
    },
  ],
  hospitalization: {
    dischargeDisposition: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: 'home' },
      ],
    },
  },
  contained: [
    {
      resourceType: 'Condition',
      id: 'dx1',
      subject: { reference: '#' },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I21.4' }] },
    },
    {
      resourceType: 'Procedure',
      id: 'px1',
      status: 'completed',
      subject: { reference: '#' },
      code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '93005' }] },
      performedDateTime: '2026-11-18T10:00:00-05:00',
    },
    {
      resourceType: 'Coverage',
      id: 'cov1',
      status: 'active',
      beneficiary: { reference: '#' },
      payor: [{ identifier: { value: 'BCBS-PPO' } }],
      class: [{ type: { coding: [{ code: 'plan' }] }, value: 'BCBS-PPO-GOLD' }],
    },
    {
      resourceType: 'Account',
      id: 'acct1',
      status: 'active',
      coverage: [{ coverage: { reference: '#cov1' }, priority: 1 }],
    },
  ],
  diagnosis: [
    { condition: { reference: '#dx1' }, rank: 1, use: { coding: [{ code: 'DD' }] } },
    { condition: { reference: '#px1' } },
  ],
  account: [{ reference: '#acct1' }],
};
