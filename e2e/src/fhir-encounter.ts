// A FHIR R4 Encounter for a planned stay, shaped as a US Core EHR sends it: the bed a contained
// Location (physicalType bd, identifier written as PV1-3 is) part of its room and ward, contained
// Conditions, Procedures, Coverage and Account, the attending by NPI, the visit number assigned by
// the facility (see encounter-ingest's /docs for the mapping).
import type { Encounter, Resource } from '@medplum/fhirtypes';
import type { Stay } from '@meridian/testing';

const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
const US_NPI = 'http://hl7.org/fhir/sid/us-npi';
/** The attending's NPI (10 digits, Luhn check digit with the 80840 prefix). */
export const ATTENDING_NPI = '1234567893';

const PHYSICAL_TYPE = 'http://terminology.hl7.org/CodeSystem/location-physical-type';

export function fhirEncounter(
  stay: Stay,
  status: 'in-progress' | 'finished',
  versionId: string,
): Encounter {
  const finished = status === 'finished';
  const payer = stay.insurance[0];
  const contained: Resource[] = [
    ...locations(stay),
    ...stay.diagnoses.map((d, i) => ({
      resourceType: 'Condition' as const,
      id: `dx${i + 1}`,
      subject: { reference: '#' },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: d.code }] },
    })),
    ...(finished
      ? stay.procedures.map((p, i) => ({
          resourceType: 'Procedure' as const,
          id: `px${i + 1}`,
          status: 'completed' as const,
          subject: { reference: '#' },
          code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: p.code }] },
          performedDateTime: p.performedAt.toISOString(),
        }))
      : []),
    ...(payer
      ? [
          {
            resourceType: 'Coverage' as const,
            id: 'cov1',
            status: 'active' as const,
            beneficiary: { reference: '#' },
            payor: [{ identifier: { value: payer.payerId } }],
            class: [{ type: { coding: [{ code: 'plan' }] }, value: payer.planId ?? '' }],
          },
          {
            resourceType: 'Account' as const,
            id: 'acct1',
            status: 'active' as const,
            coverage: [{ coverage: { reference: '#cov1' }, priority: 1 }],
          },
        ]
      : []),
  ];
  return {
    resourceType: 'Encounter',
    id: `enc-${stay.visitNumber}`,
    meta: { versionId, source: 'urn:e2e:ehr' },
    identifier: [
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'VN' }] },
        value: stay.visitNumber,
        assigner: { identifier: { value: stay.facilityId } },
      },
    ],
    status,
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject: { identifier: { value: stay.mrn, assigner: { display: 'MGH' } } },
    participant: [
      {
        type: [{ coding: [{ system: PARTICIPATION_TYPE, code: 'ATND' }] }],
        individual: { identifier: { system: US_NPI, value: ATTENDING_NPI } },
      },
    ],
    period: {
      start: stay.admitAt.toISOString(),
      ...(finished ? { end: stay.dischargeAt.toISOString() } : {}),
    },
    location: [{ status: 'active', location: { reference: '#bed', display: 'Bed (text only)' } }],
    contained,
    diagnosis: [
      ...stay.diagnoses.map((d, i) => ({
        condition: { reference: `#dx${i + 1}` },
        ...(d.priority === undefined ? {} : { rank: d.priority }),
        use: { coding: [{ code: finished ? 'DD' : 'AD' }] },
      })),
      ...(finished
        ? stay.procedures.map((_, i) => ({ condition: { reference: `#px${i + 1}` } }))
        : []),
    ],
    ...(payer ? { account: [{ reference: '#acct1' }] } : {}),
  };
}

/** The stay's bed as contained Locations: bed (`unit^room^bed`) part of room part of ward. */
function locations(stay: Stay): Resource[] {
  const l = stay.location;
  const at = (code: string) => ({ coding: [{ system: PHYSICAL_TYPE, code }] });
  return [
    {
      resourceType: 'Location',
      id: 'bed',
      identifier: [{ value: `${l.unitId}^${l.roomId ?? ''}^${l.bedId ?? ''}` }],
      physicalType: at('bd'),
      partOf: { reference: '#room' },
    },
    {
      resourceType: 'Location',
      id: 'room',
      identifier: [{ value: l.roomId ?? '' }],
      physicalType: at('ro'),
      partOf: { reference: '#ward' },
    },
    {
      resourceType: 'Location',
      id: 'ward',
      identifier: [{ value: l.unitId }],
      physicalType: at('wa'),
    },
  ];
}
