import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Encounter, Location as FhirLocation, Organization } from '@medplum/fhirtypes';
import type { Location } from '@meridian/contracts';
import { Contained } from './fhir-clinical.js';
import { locationOf, PHYSICAL_TYPE_SYSTEM } from './fhir-location.js';
import { FhirIssues } from './fhir-values.js';
import type { JsonObject } from './fhir-values.js';

/** A contained Location of `physicalType` with identifier `code`, part of `parent` when given. */
function place(
  id: string,
  physicalType: string | undefined,
  code: string,
  parent?: string,
): FhirLocation {
  return {
    resourceType: 'Location',
    id,
    identifier: [{ value: code }],
    ...(physicalType
      ? { physicalType: { coding: [{ system: PHYSICAL_TYPE_SYSTEM, code: physicalType }] } }
      : {}),
    ...(parent ? { partOf: { reference: `#${parent}` } } : {}),
  };
}

const BED_ROOM_WARD = [
  place('bed', 'bd', 'B', 'room'),
  place('room', 'ro', '401', 'ward'),
  place('ward', 'wa', '4W'),
];

function resolve(encounter: Partial<Encounter>): { location: Location | null; issues: string[] } {
  const resource = { resourceType: 'Encounter', ...encounter } as JsonObject;
  const issues = new FhirIssues();
  const location = locationOf(resource, new Contained(resource, issues), issues, 'MGH');
  return { location, issues: issues.list.map((i) => i.message) };
}

const atBed = (contained: Encounter['contained'], reference = '#bed'): Partial<Encounter> => ({
  location: [{ status: 'active', location: { reference, display: '4W 401 B' } }],
  contained,
});

const UNIT_4W_401_B = { facilityId: 'MGH', unitId: '4W', roomId: '401', bedId: 'B' };

describe('Encounter.location resolution', () => {
  test('reads a bed Location whose identifier is written like PV1-3 (4W^401^B)', () => {
    assert.deepEqual(resolve(atBed([place('bed', 'bd', '4W^401^B')])), {
      location: UNIT_4W_401_B,
      issues: [],
    });
  });

  test('climbs the partOf chain bed -> room -> ward to the same location', () => {
    assert.deepEqual(resolve(atBed(BED_ROOM_WARD)), { location: UNIT_4W_401_B, issues: [] });
  });

  test('takes the nearest unit: a ward before its wing or level', () => {
    const chain = [
      place('bed', 'bd', 'B', 'room'),
      place('room', 'ro', '401', 'ward'),
      place('ward', 'wa', '4W', 'wing'),
      place('wing', 'wi', 'WEST', 'level'),
      place('level', 'lvl', '4'),
    ];
    assert.equal(resolve(atBed(chain)).location?.unitId, '4W');
  });

  test('names the facility from a site Location, else the managingOrganization, else the authority', () => {
    const site = [
      ...BED_ROOM_WARD.slice(0, 2),
      place('ward', 'wa', '4W', 'site'),
      place('site', 'si', 'BWH'),
    ];
    assert.equal(resolve(atBed(site)).location?.facilityId, 'BWH');
    const organization: Organization = {
      resourceType: 'Organization',
      id: 'org',
      identifier: [{ value: 'NWH' }],
    };
    const managed = [
      ...BED_ROOM_WARD.slice(0, 2),
      { ...place('ward', 'wa', '4W'), managingOrganization: { reference: '#org' } },
      organization,
    ];
    assert.equal(resolve(atBed(managed)).location?.facilityId, 'NWH');
    const logical = [
      { ...place('bed', 'bd', '4W^401^B'), managingOrganization: { identifier: { value: 'SRH' } } },
    ];
    assert.equal(resolve(atBed(logical)).location?.facilityId, 'SRH');
    assert.equal(resolve(atBed([place('bed', 'bd', '4W^401^B^BWH')])).location?.facilityId, 'BWH');
  });

  test('reads a logical reference identifier, and a Location without physicalType, as PV1-3', () => {
    const logical = resolve({
      location: [{ location: { identifier: { value: '5E^501^A^BWH' } } }],
    });
    assert.deepEqual(logical.location, {
      facilityId: 'BWH',
      unitId: '5E',
      roomId: '501',
      bedId: 'A',
    });
    assert.deepEqual(resolve(atBed([place('bed', undefined, '4W^401^B')])).location, UNIT_4W_401_B);
  });

  test('uses the active location, else the first', () => {
    const encounter: Partial<Encounter> = {
      location: [
        { status: 'completed', location: { identifier: { value: '3E^301^A' } } },
        { status: 'active', location: { reference: '#bed' } },
      ],
      contained: BED_ROOM_WARD,
    };
    assert.equal(resolve(encounter).location?.unitId, '4W');
    assert.equal(
      resolve({ ...encounter, location: encounter.location?.slice(0, 1) }).location?.unitId,
      '3E',
    );
  });

  test('never reads display as a code, and names the element that does not resolve', () => {
    const where = 'Encounter.location[0].location';
    assert.deepEqual(resolve({ location: [{ location: { display: '4W^401^B' } }] }), {
      location: null,
      issues: [
        `${where} must reference a Location (#id) or carry its identifier (display is not read)`,
      ],
    });
    assert.deepEqual(resolve(atBed(BED_ROOM_WARD, '#nowhere')).issues, [
      `${where} must reference a contained Location (#id)`,
    ]);
    const noUnit = resolve(atBed(BED_ROOM_WARD.slice(0, 2)));
    assert.equal(noUnit.location, null);
    assert.match(
      noUnit.issues[0] ?? '',
      /^Encounter\.location\[0\]\.location names no nursing unit/,
    );
  });

  test('stops at a partOf cycle', () => {
    const cycle = [place('bed', 'bd', 'B', 'room'), place('room', 'ro', '401', 'bed')];
    assert.equal(resolve(atBed(cycle)).location, null);
  });

  test('has no location without Encounter.location', () => {
    assert.deepEqual(resolve({}), { location: null, issues: [] });
  });
});
