// A FHIR R4 Encounter for a planned stay, as an EHR's FHIR interface would send it (contained
// Conditions, Procedures, Coverage and Account; see encounter-ingest's /docs for the mapping).
import type { Encounter, Resource } from '@medplum/fhirtypes';
import type { Stay } from '@meridian/testing';

export function fhirEncounter(
  stay: Stay,
  status: 'in-progress' | 'finished',
  versionId: string,
): Encounter {
  const finished = status === 'finished';
  const l = stay.location;
  const payer = stay.insurance[0];
  const contained: Resource[] = [
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
      },
    ],
    status,
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject: { identifier: { value: stay.mrn, assigner: { display: 'MGH' } } },
    period: {
      start: stay.admitAt.toISOString(),
      ...(finished ? { end: stay.dischargeAt.toISOString() } : {}),
    },
    location: [
      { status: 'active', location: { display: `${l.unitId}^${l.roomId}^${l.bedId}^MGH` } },
    ],
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
