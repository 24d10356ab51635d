// Encounter.location as EHRs send it (US Core): a reference to a Location, usually contained, whose
// `partOf` chain climbs bed -> room -> ward -> ... -> site, each typed by `physicalType`.
import type { Location } from '@meridian/contracts';
import { toLocation } from '../encounters/location.js';
import type { Contained } from './fhir-clinical.js';
import { codes, identifierOf, objects, prop, text } from './fhir-values.js';
import type { FhirIssues, JsonObject } from './fhir-values.js';

export const PHYSICAL_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/location-physical-type';

type Part = 'unitId' | 'roomId' | 'bedId' | 'facilityId';
type Parts = Partial<Record<Part, string>>;

/**
 * location-physical-type -> the part of the canonical location it names: bed, room, the nursing
 * unit (ward, else wing, else level: the nearest in the chain wins) and the facility (site).
 * Building and the others name no part.
 */
const PARTS: Readonly<Record<string, Part>> = {
  bd: 'bedId',
  ro: 'roomId',
  wa: 'unitId',
  wi: 'unitId',
  lvl: 'unitId',
  si: 'facilityId',
};

/** HL7 v2 PL component order: `unit^room^bed^facility`. */
const PL: readonly Part[] = ['unitId', 'roomId', 'bedId', 'facilityId'];

/** A `partOf` chain longer than this is refused as a cycle. */
const MAX_CHAIN = 10;

/** Fills the parts still empty (the nearest Location in the chain wins). */
function fill(parts: Parts, more: Parts): Parts {
  const merged: Parts = { ...parts };
  for (const [part, value] of Object.entries(more) as [Part, string | undefined][])
    if (merged[part] === undefined && value) merged[part] = value;
  return merged;
}

/** An identifier written as HL7 v2 PL (`4W^401^B`, `4W^401^B^MGH`, or just a unit). */
function fromPl(value: string): Parts {
  const parts: Parts = {};
  value.split('^').forEach((component, index) => {
    const part = PL[index];
    if (part && component.trim()) parts[part] = component.trim();
  });
  return parts;
}

/**
 * The parts one Location names: its identifier in the slot of its `physicalType`; read as PL when
 * written with `^` or when the Location has no physicalType this interface knows.
 */
function partsOf(location: JsonObject): Parts {
  const identifier = identifierOf(location);
  if (!identifier) return {};
  const part = codes(location['physicalType'], PHYSICAL_TYPE_SYSTEM)
    .map((code) => PARTS[code])
    .find((p) => p !== undefined);
  return part && !identifier.includes('^') ? { [part]: identifier } : fromPl(identifier);
}

/** The referenced Location and the Locations it is part of, nearest first. */
function chainOf(first: JsonObject, contained: Contained): JsonObject[] {
  const chain = [first];
  let next = contained.find(first['partOf'], ['Location']);
  while (next && chain.length < MAX_CHAIN && !chain.includes(next.resource)) {
    chain.push(next.resource);
    next = contained.find(next.resource['partOf'], ['Location']);
  }
  return chain;
}

/** The facility of the nearest managingOrganization: its identifier (logical or contained). */
function managingFacility(chain: readonly JsonObject[], contained: Contained): string | undefined {
  for (const location of chain) {
    const organization = location['managingOrganization'];
    const code =
      identifierOf(organization) ??
      identifierOf(contained.find(organization, ['Organization'])?.resource);
    if (code) return code;
  }
  return undefined;
}

/** The canonical location one `Encounter.location[].location` reference gives, or why not. */
function resolveReference(
  reference: unknown,
  contained: Contained,
  authority: string,
): Location | string {
  let parts: Parts;
  let facility: string | undefined;
  if (text(prop(reference, 'reference')) !== undefined) {
    const found = contained.find(reference, ['Location']);
    if (!found) return 'must reference a contained Location (#id)';
    const chain = chainOf(found.resource, contained);
    parts = chain.map(partsOf).reduce(fill, {});
    facility = managingFacility(chain, contained);
  } else {
    const identifier = identifierOf(reference);
    if (!identifier)
      return 'must reference a Location (#id) or carry its identifier (display is not read)';
    parts = fromPl(identifier);
  }
  const location = toLocation({
    unitId: parts.unitId,
    roomId: parts.roomId,
    bedId: parts.bedId,
    facilityId: parts.facilityId ?? facility ?? authority,
  });
  return (
    location ??
    'names no nursing unit (a Location of physicalType wa, wi or lvl in the partOf chain, or an identifier written unit^room^bed)'
  );
}

/**
 * The canonical location of an encounter: the `active` (else first) `Encounter.location[]`, its
 * `location` reference resolved to a contained Location (`#id`) and up its `partOf` chain, or a
 * logical reference's identifier read as HL7 v2 PL. The facility: a PL facility component or a
 * Location of physicalType `si`, else the chain's nearest managingOrganization identifier, else
 * `authority` (the visit number's). `display` is never read as a code. Null without a location;
 * an issue at `Encounter.location[i].location` when it does not resolve to a unit.
 */
export function locationOf(
  encounter: JsonObject,
  contained: Contained,
  issues: FhirIssues,
  authority: string,
): Location | null {
  const entries = objects(encounter['location']);
  const current = entries.find((l) => prop(l, 'status') === 'active') ?? entries[0];
  if (!current) return null;
  const resolved = resolveReference(current['location'], contained, authority);
  if (typeof resolved !== 'string') return resolved;
  const index = (encounter['location'] as unknown[]).indexOf(current);
  issues.add('required', `Encounter.location[${index}].location`, resolved);
  return null;
}
