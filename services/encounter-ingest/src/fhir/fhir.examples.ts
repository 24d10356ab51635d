// Example requests of the FHIR edge: in the OpenAPI document and the tests.
import type { Bundle, Encounter } from '@medplum/fhirtypes';
import { PHYSICAL_TYPE_SYSTEM } from './fhir-location.js';

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
  location: [{ status: 'active', location: { reference: '#bed', display: '4W 401 A' } }],
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
      resourceType: 'Location',
      id: 'bed',
      identifier: [{ value: 'A' }],
      name: '4W 401 A',
      physicalType: { coding: [{ system: PHYSICAL_TYPE_SYSTEM, code: 'bd' }] },
      partOf: { reference: '#room' },
    },
    {
      resourceType: 'Location',
      id: 'room',
      identifier: [{ value: '401' }],
      name: '4W 401',
      physicalType: { coding: [{ system: PHYSICAL_TYPE_SYSTEM, code: 'ro' }] },
      partOf: { reference: '#ward' },
    },
    {
      resourceType: 'Location',
      id: 'ward',
      identifier: [{ value: '4W' }],
      name: '4 West',
      physicalType: { coding: [{ system: PHYSICAL_TYPE_SYSTEM, code: 'wa' }] },
      managingOrganization: { reference: '#mgh' },
    },
    {
      resourceType: 'Organization',
      id: 'mgh',
      identifier: [{ system: 'urn:meridian:facility', value: 'MGH' }],
      name: 'Massachusetts General Hospital',
    },
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

/** A transaction: the Encounter and, as entries it references by urn:uuid, its bed Location chain. */
export const EXAMPLE_TRANSACTION: Bundle = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    {
      fullUrl: 'urn:uuid:5b0c3a52-0c4e-4c1e-9b0a-3f1f7c2d9e11',
      resource: {
        ...EXAMPLE_ENCOUNTER,
        location: [
          {
            status: 'active',
            location: { reference: 'urn:uuid:7c1d3a52-0c4e-4c1e-9b0a-3f1f7c2d9e12' },
          },
        ],
      },
      request: { method: 'PUT', url: 'Encounter/enc-000123' },
    },
    {
      fullUrl: 'urn:uuid:7c1d3a52-0c4e-4c1e-9b0a-3f1f7c2d9e12',
      resource: {
        resourceType: 'Location',
        identifier: [{ value: '4W^401^A' }],
        name: '4W 401 A',
        physicalType: { coding: [{ system: PHYSICAL_TYPE_SYSTEM, code: 'bd' }] },
      },
      request: { method: 'PUT', url: 'Location?identifier=4W%5E401%5EA' },
    },
  ],
};

/** An R4 event-notification (Subscriptions Backport IG) carrying one Encounter. */
export const EXAMPLE_NOTIFICATION: Bundle = {
  resourceType: 'Bundle',
  type: 'history',
  timestamp: '2026-11-21T11:30:05-05:00',
  entry: [
    {
      fullUrl: 'urn:uuid:9e2d3a52-0c4e-4c1e-9b0a-3f1f7c2d9e13',
      resource: {
        resourceType: 'Parameters',
        meta: {
          profile: [
            'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4',
          ],
        },
        parameter: [
          {
            name: 'subscription',
            valueReference: { reference: 'https://ehr.example.org/fhir/Subscription/adt' },
          },
          { name: 'topic', valueCanonical: 'http://hl7.org/SubscriptionTopic/encounter-update' },
          { name: 'status', valueCode: 'active' },
          { name: 'type', valueCode: 'event-notification' },
          { name: 'events-since-subscription-start', valueString: '12' },
          {
            name: 'notification-event',
            part: [
              { name: 'event-number', valueString: '12' },
              { name: 'focus', valueReference: { reference: 'Encounter/enc-000123' } },
            ],
          },
        ],
      },
      request: { method: 'GET', url: 'https://ehr.example.org/fhir/Subscription/adt/$status' },
      response: { status: '200' },
    },
    {
      fullUrl: 'https://ehr.example.org/fhir/Encounter/enc-000123',
      resource: EXAMPLE_ENCOUNTER,
      request: { method: 'PUT', url: 'Encounter/enc-000123' },
      response: { status: '200' },
    },
  ],
};

const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/**
 * An Encounter as a US Core server sends it: a contained bed Location `4W^401^B` (physicalType bd)
 * part of room 401 and ward 4W, a contained Patient with its MRN, an ICD-10-CM Condition and the
 * attending as a contained Practitioner with an NPI; `in-progress` then `finished`.
 */
export function usCoreEncounter(
  visit: string,
  status: 'in-progress' | 'finished',
  versionId: string,
): Encounter {
  const finished = status === 'finished';
  return {
    resourceType: 'Encounter',
    id: `enc-${visit}`,
    meta: {
      versionId,
      lastUpdated: finished ? '2026-11-21T11:30:00-05:00' : '2026-11-18T09:05:00-05:00',
      profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-encounter'],
    },
    identifier: [
      {
        use: 'usual',
        type: { coding: [{ system: V2_0203, code: 'VN' }] },
        system: 'urn:oid:1.2.840.114350.1.13.0.1.7.3.698084.8',
        value: visit,
        assigner: { display: 'MGH' },
      },
    ],
    status,
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    type: [
      { coding: [{ system: 'http://snomed.info/sct', code: '183452005' }], text: 'Inpatient' },
    ],
    subject: { reference: '#patient' },
    participant: [
      {
        type: [
          {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
                code: 'ATND',
              },
            ],
          },
        ],
        individual: { reference: '#attending' },
      },
    ],
    period: {
      start: '2026-11-18T09:05:00-05:00',
      ...(finished ? { end: '2026-11-21T11:30:00-05:00' } : {}),
    },
    diagnosis: [
      {
        condition: { reference: '#dx1' },
        use: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/diagnosis-role',
              code: finished ? 'DD' : 'AD',
            },
          ],
        },
        rank: 1,
      },
    ],
    ...(finished
      ? {
          hospitalization: {
            dischargeDisposition: {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition',
                  code: 'home',
                },
              ],
            },
          },
        }
      : {}),
    location: [{ status: 'active', location: { reference: '#bed', display: '4W 401 B' } }],
    serviceProvider: { reference: '#mgh' },
    contained: [
      {
        resourceType: 'Patient',
        id: 'patient',
        identifier: [
          {
            type: { coding: [{ system: V2_0203, code: 'MR' }] },
            system: 'urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.14',
            value: 'MRN00042',
          },
        ],
      },
      {
        resourceType: 'Practitioner',
        id: 'attending',
        identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }],
      },
      {
        resourceType: 'Condition',
        id: 'dx1',
        subject: { reference: '#patient' },
        category: [
          {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/condition-category',
                code: 'encounter-diagnosis',
              },
            ],
          },
        ],
        code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I21.4' }] },
      },
      {
        resourceType: 'Location',
        id: 'bed',
        status: 'active',
        identifier: [{ value: '4W^401^B' }],
        name: '4W 401 B',
        physicalType: { coding: [{ system: PHYSICAL_TYPE_SYSTEM, code: 'bd' }] },
        partOf: { reference: '#room' },
      },
      {
        resourceType: 'Location',
        id: 'room',
        identifier: [{ value: '401' }],
        name: '4W 401',
        physicalType: { coding: [{ system: PHYSICAL_TYPE_SYSTEM, code: 'ro' }] },
        partOf: { reference: '#ward' },
      },
      {
        resourceType: 'Location',
        id: 'ward',
        identifier: [{ value: '4W' }],
        name: '4 West',
        physicalType: { coding: [{ system: PHYSICAL_TYPE_SYSTEM, code: 'wa' }] },
        managingOrganization: { reference: '#mgh' },
      },
      {
        resourceType: 'Organization',
        id: 'mgh',
        identifier: [{ system: 'urn:meridian:facility', value: 'MGH' }],
        name: 'Massachusetts General Hospital',
      },
    ],
  };
}
