// The FHIR edge's documented mapping and behaviour, for the OpenAPI document.
import { NOTIFICATION_PATH } from './fhir-capability.js';

export const FHIR_MAPPING = [
  'Maps a FHIR R4 Encounter (with contained resources) to one canonical event on clinical.encounter.v1, keyed by the visit number.',
  '',
  '- **status**: planned, arrived, triaged -> EncounterRegistered; in-progress -> EncounterAdmitted; onleave -> EncounterUpdated; finished -> EncounterDischarged; cancelled -> EncounterAdmissionCancelled; entered-in-error -> EncounterDischargeCancelled when the encounter has period.end or a finished statusHistory, else EncounterAdmissionCancelled.',
  "- **visit number**: the identifier of type VN (http://terminology.hl7.org/CodeSystem/v2-0203), else the one with use usual; its authority (facility) the identifier's assigner (identifier.value, else display), else the serviceProvider Organization's identifier (logical or contained), else DEFAULT_FACILITY. The encounter id is <authority>:<visit number>, e.g. MGH:V000123.",
  '- **MRN**: subject.identifier, or the MR identifier of a contained Patient referenced as subject.reference "#id"; its assigning authority is assigner.display, else system.',
  '- **class** (v3 ActCode): IMP/ACUTE/NONAC inpatient, AMB/HH/VR/FLD outpatient, EMER emergency, OBSENC/SS observation, PRENC pre-admission.',
  '- **period.start** admission (required when in-progress or finished), **period.end** discharge (required when finished); meta.lastUpdated is when the event was recorded (default: when received).',
  '- **location**: the active (else first) location[].location: a contained Location ("#id") and its partOf chain (also contained), each Location\'s identifier in the slot of its physicalType (http://terminology.hl7.org/CodeSystem/location-physical-type: bd bed, ro room, wa/wi/lvl unit, si facility; the nearest wins); an identifier written like HL7 PV1-3 (unit^room^bed^facility, e.g. 4W^401^B), or of a Location without physicalType, is read as PV1-3; a logical reference (location.identifier) too. Facility: PV1-3 component 4 or the si Location, else the nearest managingOrganization identifier, else the visit number\'s authority. display is never read. Required when in-progress or finished; a location that resolves to no unit is refused (422, expression Encounter.location[i].location).',
  '- **attending**: the participant of type ATND: individual.identifier of system http://hl7.org/fhir/sid/us-npi, or that identifier of the contained Practitioner individual references ("#id").',
  '- **diagnoses**: Encounter.diagnosis referencing a contained Condition coded in http://hl7.org/fhir/sid/icd-10-cm; rank 1 is the principal; use AD admitting, DD/billing final, others working.',
  '- **procedures**: Encounter.diagnosis referencing a contained Procedure (FHIR R4 allows Condition or Procedure there) coded in CPT (http://www.ama-assn.org/go/cpt), HCPCS or ICD-10-PCS, with performed[x] and a performer NPI as surgeon.',
  '- **payer**: account[0] -> contained Account -> coverage with the lowest priority -> contained Coverage: payor[].identifier.value is the payer, class of type plan the plan. No account: self-pay.',
  '',
  '**Deduplication**: a request whose Encounter has id and meta.versionId is keyed `Encounter/<id>/_history/<versionId>` (with meta.source as the sender): posting that version again answers 200 with the stored OperationOutcome and publishes nothing. Without them every request is processed.',
  '',
  '**Validation**: first against the base FHIR R4 StructureDefinitions (cardinality, datatypes, unknown elements, invariants; codes are checked by the mapping): 400 with one error issue per problem, its expression the element path; then the mapping above: 422 likewise.',
  '',
  '**Answers** are OperationOutcome (application/fhir+json): 201 (create) or 200 (update, or a version seen before) informational, listing the published event id in issue.details.coding (system urn:meridian:clinical.encounter.v1:message-id), with Location (/fhir/Encounter/<id>[/_history/<versionId>]) and ETag headers; Prefer: return=minimal answers no body, return=representation the Encounter; 400/422 one error issue per problem with its FHIRPath expression; 503 when Kafka did not take the event (send it again).',
].join('\n');

export const PREFER_DESCRIPTION =
  'return=OperationOutcome (default): the OperationOutcome listing the published event; return=representation: the Encounter as stored; return=minimal: no body (Location and ETag headers). Errors always answer an OperationOutcome. In a batch or transaction it shapes each entry.response (outcome) and entry.resource.';

export const BUNDLE_DESCRIPTION = [
  'A Bundle of type transaction or batch (R4 http.html#transaction). Entries: POST Encounter (create) or PUT Encounter/<id> (update, the id of the resource); each Encounter is processed as POST /fhir/Encounter or PUT /fhir/Encounter/<id> would.',
  '',
  'Other resources (Patient, Location, Organization, Condition, Procedure, Account, Coverage) may be entries the Encounters reference by fullUrl (urn:uuid:...) or Type/id: they are read as if contained in the Encounter (which is stored that way) and answered 200 without being stored. GET, DELETE and PATCH entries are refused (405).',
  '',
  '**transaction**: all or nothing. The Bundle is validated, then every entry mapped, before anything is published: one invalid entry refuses the whole Bundle (400/422, an OperationOutcome whose expressions are Bundle.entry[i]... paths) and publishes nothing. Writes run in R4 order (POST, then PUT; Bundle order within each); two PUTs of one Encounter in a transaction are refused (R4: overlapping identities SHALL fail). Answer: 200 transaction-response. If Kafka fails midway, 503: the entries before are published; resending answers them 200 without publishing again when they carry id and meta.versionId.',
  '',
  '**batch**: each entry on its own, in Bundle order; 200 batch-response with each entry.response.status (201/200/400/405/422/503), location, etag and outcome.',
].join('\n');

export const NOTIFICATION_DESCRIPTION = [
  `R4 Subscription notifications (Subscriptions R5 Backport IG, rest-hook, payload full-resource), at /fhir/${NOTIFICATION_PATH}: a Bundle of type history whose first entry is the SubscriptionStatus, in R4 a Parameters (profile backport-subscription-status-r4) with parameter type (valueCode).`,
  '',
  '- handshake, heartbeat, query-status, query-event: acknowledged, 200, nothing processed.',
  '- event-notification: each later entry carrying an Encounter is processed as PUT /fhir/Encounter/<id>; other resources are read for references; an entry without a resource (id-only content) is refused (422).',
  '',
  "Answer: an OperationOutcome with every entry's issues: 200 when all were processed, else the status of the first that was not (503 first: resend; the versions already processed are not published again).",
].join('\n');
