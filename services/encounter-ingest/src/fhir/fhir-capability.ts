// What this FHIR endpoint can do, as GET /fhir/metadata answers (R4 CapabilityStatement).
import type { CapabilityStatement } from '@medplum/fhirtypes';

export const NOTIFICATION_PATH = 'subscription-notification';

/** The CapabilityStatement of encounter-ingest's FHIR R4 server, version `version`. */
export function capabilityStatement(version: string, date: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'Meridian',
    kind: 'instance',
    software: { name: 'Meridian encounter-ingest', version },
    implementation: {
      description:
        'Meridian encounter-ingest: FHIR R4 Encounters in, canonical encounter events out (clinical.encounter.v1)',
    },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        documentation: [
          'Encounters are validated against the base R4 StructureDefinitions (400 OperationOutcome naming each element), mapped (422 when they cannot be) and published; nothing is stored as a FHIR resource, so there is no read or search.',
          'Prefer: return=minimal | representation | OperationOutcome (default) is honoured on create, update and each batch/transaction entry.',
          `Subscription notifications (R4, Subscriptions R5 Backport IG, rest-hook with full-resource content): POST [base]/${NOTIFICATION_PATH} a Bundle of type history whose first entry is the SubscriptionStatus Parameters; the Encounters of an event-notification are processed as updates, handshake and heartbeat are acknowledged (200).`,
          'Bundle entries may reference other entries (fullUrl urn:uuid or Type/id): Patient, Location, Organization, Condition, Procedure, Account and Coverage entries are read as if contained in the Encounter, never stored.',
        ].join('\n\n'),
        resource: [
          {
            type: 'Encounter',
            profile: 'http://hl7.org/fhir/StructureDefinition/Encounter',
            documentation:
              'The visit number is the identifier of type VN (else use usual); location[].location a contained Location with its partOf chain (physicalType bd, ro, wa...). See /docs for the mapping.',
            interaction: [{ code: 'create' }, { code: 'update' }],
            updateCreate: true,
            conditionalCreate: false,
            conditionalUpdate: false,
          },
        ],
        interaction: [
          {
            code: 'transaction',
            documentation: 'All or nothing: every entry is checked before any is published.',
          },
          { code: 'batch', documentation: 'Each entry on its own.' },
        ],
      },
    ],
  };
}
