// A FHIR R4 Procedure with implanted devices (focalDevice) as implant usages to capture. Pure: the
// caller gives the clock; problems are thrown as a 400 (structure and values) or 422 (a Procedure
// that is not completed) whose fields are FHIRPath expressions.
import { createHash } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import { encounterIdOf, isCode, isEncounterId, isNpi } from '@meridian/contracts';
import { InvalidRequestException, ProblemException } from '@meridian/service-kit';
import { parseUdi } from '@meridian/udi';
import type { ParsedUdi } from '@meridian/udi';
import { parseIsoTimestamp } from '../common/field-reader.js';
import { NPI_MESSAGE, oneField, usedAtProblem } from '../implants/implant.requests.js';
import type { ImplantCapture } from '../implants/implant.requests.js';
import { UNIT_ID_RULE } from '../usage/usage.requests.js';
import {
  containedById,
  containedTarget,
  elements,
  FhirPathIssues,
  isObject,
  stringOf,
} from './fhir-json.js';
import type { ContainedResource, JsonObject } from './fhir-json.js';

export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';
/** v2-0203 identifier type of a visit number. */
const VISIT_NUMBER_TYPE = 'VN';
/** SNOMED CT 129338005 |Surgical implantation - action|: a focalDevice without action is implanted too. */
export const IMPLANTATION_ACTION = '129338005';
const SNOMED = 'http://snomed.info/sct';
/** Namespace of the usage ids derived from a Procedure and its focalDevice (UUID version 5). */
const USAGE_ID_NAMESPACE = 'f3c1a3d2-5b7e-4c1e-9a8f-2d6b4e0c7a11';
const MAX_ID = 64;

/**
 * The usage id of the `index`th focalDevice of a Procedure: a UUID version 5 of the Procedure id
 * and the index, so the same Procedure sent again names the same usages (answered as captured
 * before, or 409 when it changed).
 */
export function procedureUsageId(procedureId: string, index: number): string {
  const namespace = Buffer.from(USAGE_ID_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1')
    .update(
      Buffer.concat([namespace, Buffer.from(`Procedure/${procedureId}#focalDevice[${index}]`)]),
    )
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The first identifier of a list (or a single Identifier) whose system is `system`, with its path. */
function identifierWithSystem(
  value: unknown,
  path: string,
  system: string,
): { identifier: JsonObject; path: string } | undefined {
  if (isObject(value)) return value['system'] === system ? { identifier: value, path } : undefined;
  const index = elements(value).findIndex((i) => isObject(i) && i['system'] === system);
  const identifier = elements(value)[index];
  return isObject(identifier) ? { identifier, path: `${path}[${index}]` } : undefined;
}

/**
 * The encounter id `<facility>:<visit number>` of Procedure.encounter: its logical `identifier`,
 * or the visit number identifier (type VN, else `use: usual`) of a contained Encounter; the
 * facility is the identifier's assigner (its identifier value, or display, a facility code; or a
 * contained Organization's identifier). A server id (`Encounter/123`) cannot be mapped.
 */
function readEncounterId(
  procedure: JsonObject,
  contained: ReadonlyMap<string, ContainedResource>,
  issues: FhirPathIssues,
): string | undefined {
  const reference = procedure['encounter'];
  if (!isObject(reference)) return issues.add('Procedure.encounter', 'is required');
  let identifier: unknown;
  let path: string;
  const encounter = containedTarget(reference, contained, 'Encounter');
  if (encounter) {
    const identifiers = elements(encounter.resource['identifier']);
    const isVisit = (i: unknown): boolean =>
      isObject(i) &&
      elements(isObject(i['type']) ? i['type']['coding'] : undefined).some(
        (c) => isObject(c) && c['code'] === VISIT_NUMBER_TYPE,
      );
    let index = identifiers.findIndex(isVisit);
    if (index < 0) index = identifiers.findIndex((i) => isObject(i) && i['use'] === 'usual');
    identifier = identifiers[index];
    path = `${encounter.path}.identifier`;
    if (!isObject(identifier)) {
      return issues.add(path, 'needs the visit number: an identifier of type VN (or use usual)');
    }
    path = `${path}[${index}]`;
  } else if (isObject(reference['identifier'])) {
    identifier = reference['identifier'];
    path = 'Procedure.encounter.identifier';
  } else {
    return issues.add(
      'Procedure.encounter',
      'must carry the visit number as identifier, or reference a contained Encounter (#id) with one',
    );
  }
  const visit = isObject(identifier) ? stringOf(identifier['value']) : undefined;
  if (visit === undefined) return issues.add(`${path}.value`, 'is required (the visit number)');
  const assigner = isObject(identifier) ? identifier['assigner'] : undefined;
  const organization = containedTarget(assigner, contained, 'Organization');
  const authority = [
    isObject(assigner) && isObject(assigner['identifier'])
      ? stringOf(assigner['identifier']['value'])
      : undefined,
    isObject(assigner) ? stringOf(assigner['display']) : undefined,
    organization ? identifierValue(organization.resource['identifier']) : undefined,
  ].find((candidate) => candidate !== undefined && isCode(candidate));
  if (authority === undefined) {
    return issues.add(
      `${path}.assigner`,
      'must name the facility that assigned the visit number (a facility code as identifier.value or display)',
    );
  }
  if (!isEncounterId(`${authority}:${visit}`)) {
    return issues.add(`${path}.value`, 'is not a visit number an encounter id can carry');
  }
  return encounterIdOf({ visitNumber: visit, visitNumberAuthority: authority });
}

/** The value of the first identifier of a list or single Identifier. */
function identifierValue(value: unknown): string | undefined {
  const first = isObject(value) ? value : elements(value).find(isObject);
  return isObject(first) ? stringOf(first['value']) : undefined;
}

/**
 * The implanting surgeon: the NPI (system us-npi) of the first performer whose actor carries one
 * as its identifier, or references a contained Practitioner that does.
 */
function readSurgeonNpi(
  procedure: JsonObject,
  contained: ReadonlyMap<string, ContainedResource>,
  issues: FhirPathIssues,
): string | undefined {
  const performers = elements(procedure['performer']);
  for (const [index, performer] of performers.entries()) {
    const actor = isObject(performer) ? performer['actor'] : undefined;
    const practitioner = containedTarget(actor, contained, 'Practitioner');
    const found = practitioner
      ? identifierWithSystem(
          practitioner.resource['identifier'],
          `${practitioner.path}.identifier`,
          NPI_SYSTEM,
        )
      : identifierWithSystem(
          isObject(actor) ? actor['identifier'] : undefined,
          `Procedure.performer[${index}].actor.identifier`,
          NPI_SYSTEM,
        );
    if (found === undefined) continue;
    const npi = stringOf(found.identifier['value']);
    return npi !== undefined && isNpi(npi) ? npi : issues.add(`${found.path}.value`, NPI_MESSAGE);
  }
  return issues.add(
    'Procedure.performer',
    `needs an actor with an NPI (identifier system ${NPI_SYSTEM}), or referencing a contained Practitioner with one`,
  );
}

/** performedDateTime, else performedPeriod.start: a dateTime with a time and a zone, not ahead of `now`. */
function readUsedAt(procedure: JsonObject, now: Date, issues: FhirPathIssues): Date | undefined {
  const period = procedure['performedPeriod'];
  const [path, value] =
    procedure['performedDateTime'] !== undefined
      ? ['Procedure.performedDateTime', procedure['performedDateTime']]
      : ['Procedure.performedPeriod.start', isObject(period) ? period['start'] : undefined];
  if (value === undefined) {
    return issues.add(
      'Procedure.performed[x]',
      'is required: performedDateTime or performedPeriod.start',
    );
  }
  const usedAt = typeof value === 'string' ? parseIsoTimestamp(value) : undefined;
  if (usedAt === undefined) {
    return issues.add(
      path,
      'must be a dateTime with a time and a zone, e.g. 2026-03-01T14:30:00-05:00',
    );
  }
  const future = usedAtProblem(usedAt, now);
  return future === undefined ? usedAt : issues.add(path, future);
}

/** Procedure.location: the unit id of its identifier, or of the contained Location it references; null when absent. */
function readUnitId(
  procedure: JsonObject,
  contained: ReadonlyMap<string, ContainedResource>,
  issues: FhirPathIssues,
): string | null | undefined {
  const reference = procedure['location'];
  if (reference === undefined) return null;
  const location = containedTarget(reference, contained, 'Location');
  const [path, unitId] = location
    ? [`${location.path}.identifier`, identifierValue(location.resource['identifier'])]
    : [
        'Procedure.location.identifier',
        isObject(reference) ? identifierValue(reference['identifier']) : undefined,
      ];
  if (unitId === undefined) {
    return issues.add(
      path,
      'must identify the unit (a Location identifier, or a contained Location with one)',
    );
  }
  if (unitId.length > UNIT_ID_RULE.max || !(UNIT_ID_RULE.pattern?.test(unitId) ?? true)) {
    return issues.add(path, UNIT_ID_RULE.patternMessage ?? 'is not a unit id');
  }
  return unitId;
}

/** Whether a focalDevice's action is an implantation (no action: implanted). */
function implanted(focalDevice: JsonObject): boolean {
  const action = focalDevice['action'];
  if (action === undefined) return true;
  return elements(isObject(action) ? action['coding'] : undefined).some(
    (c) => isObject(c) && c['system'] === SNOMED && c['code'] === IMPLANTATION_ACTION,
  );
}

/** The UDI of a contained Device: its first udiCarrier with carrierHRF, or carrierAIDC (base64). */
function readDeviceUdi(
  device: ContainedResource,
  now: Date,
  issues: FhirPathIssues,
): { udi: ParsedUdi; path: string } | undefined {
  const carriers = elements(device.resource['udiCarrier']);
  const index = carriers.findIndex(
    (c) => isObject(c) && (c['carrierHRF'] !== undefined || c['carrierAIDC'] !== undefined),
  );
  const carrier = carriers[index];
  if (!isObject(carrier)) {
    return issues.add(`${device.path}.udiCarrier`, 'needs a carrierHRF or carrierAIDC (the UDI)');
  }
  const hrf = carrier['carrierHRF'];
  const path = `${device.path}.udiCarrier[${index}].${hrf === undefined ? 'carrierAIDC' : 'carrierHRF'}`;
  let text: string | undefined;
  if (hrf !== undefined) {
    text = stringOf(hrf);
  } else {
    const aidc = stringOf(carrier['carrierAIDC']);
    text =
      aidc !== undefined && /^[A-Za-z0-9+/]+={0,2}$/.test(aidc) && aidc.length % 4 === 0
        ? Buffer.from(aidc, 'base64').toString('latin1')
        : undefined;
  }
  if (text === undefined) {
    return issues.add(path, hrf === undefined ? 'must be base64Binary' : 'must be a string');
  }
  const parsed = parseUdi(text, now);
  return parsed.ok
    ? { udi: parsed.udi, path }
    : issues.add(path, `${parsed.part}: ${parsed.message}`);
}

/**
 * The implant usages of a FHIR R4 Procedure: one per focalDevice implanted (no action, or SNOMED
 * 129338005), each `manipulated` referencing a contained Device with its UDI. encounter, performer
 * (NPI), performed[x] and location as documented in readEncounterId, readSurgeonNpi, readUsedAt
 * and readUnitId. The Procedure must be `completed` (422 otherwise).
 */
export function mapProcedure(body: unknown, now: Date): ImplantCapture[] {
  const issues = new FhirPathIssues();
  if (!isObject(body) || body['resourceType'] !== 'Procedure') {
    throw new InvalidRequestException([
      {
        field: 'Procedure.resourceType',
        message: 'must be Procedure (a FHIR R4 Procedure resource)',
      },
    ]);
  }
  const contained = containedById(body, 'Procedure');
  const procedureId = stringOf(body['id']);
  if (procedureId === undefined)
    issues.add('Procedure.id', "is required: it becomes the usages' procedureRef");
  else if (procedureId.length > MAX_ID)
    issues.add('Procedure.id', `must be at most ${MAX_ID} characters`);
  const status = stringOf(body['status']);
  if (status === undefined) issues.add('Procedure.status', 'is required');
  const encounterId = readEncounterId(body, contained, issues);
  const npi = readSurgeonNpi(body, contained, issues);
  const usedAt = readUsedAt(body, now, issues);
  const unitId = readUnitId(body, contained, issues);
  const focalDevices = elements(body['focalDevice']);
  if (focalDevices.length === 0)
    issues.add('Procedure.focalDevice', 'needs at least one implanted device');
  const devices = focalDevices.flatMap((focalDevice, index) => {
    const path = `Procedure.focalDevice[${index}]`;
    if (!isObject(focalDevice)) return issues.add(path, 'must be an object') ?? [];
    if (!implanted(focalDevice)) return [];
    const device = containedTarget(focalDevice['manipulated'], contained, 'Device');
    if (!device)
      return issues.add(`${path}.manipulated`, 'must reference a contained Device (#id)') ?? [];
    const udi = readDeviceUdi(device, now, issues);
    return udi ? [{ index, ...udi }] : [];
  });
  if (issues.errors.length > 0) throw new InvalidRequestException(issues.errors);
  if (status !== 'completed') {
    throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, {
      title: 'Procedure not completed',
      detail: `implants are captured from a completed Procedure; this one is ${status ?? 'without status'}`,
      errors: [{ field: 'Procedure.status', message: 'must be completed' }],
    });
  }
  if (devices.length === 0) {
    throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, {
      title: 'No implanted device',
      detail: `no focalDevice of the Procedure was implanted (action ${SNOMED}|${IMPLANTATION_ACTION} or none)`,
      errors: [{ field: 'Procedure.focalDevice', message: 'has no implanted device' }],
    });
  }
  const id = procedureId as string;
  return devices.map(({ index, udi, path }) => ({
    usageId: procedureUsageId(id, index),
    encounterId: encounterId as string,
    udi,
    procedureRef: id,
    implantingSurgeonNpi: npi as string,
    usedAt: usedAt as Date,
    usedAtGiven: true,
    unitId: unitId ?? null,
    quantity: 1,
    recallOverride: null,
    source: 'FHIR_PROCEDURE',
    sourceReference: id,
    fieldNames: oneField(path),
  }));
}
