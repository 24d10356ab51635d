import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { EncounterAdmitted, Topics } from '@meridian/contracts';
import type { Location } from '@meridian/contracts';
import type { Published } from '@meridian/messaging';
import type { TopicTap } from '@meridian/testing';
import type {
  BedBoardDto,
  BedDto,
  UnitCensusDto,
  UnitDto,
} from '../bed-board/dto/bed-board.dto.js';
import { admitted, encounterId } from '../testing/messages.js';
import { problemOf } from '@meridian/service-kit/testing';
import { causedBy, WorkforceHarness } from '../testing/workforce-harness.js';
import type { UnitDefinitionDto, UnitsImportResultDto } from '../units/dto/unit-import.dto.js';
import type { FacilitiesImportResultDto, FacilityDto } from './dto/facility.dto.js';

const BWH = {
  facilityId: 'BWH',
  name: "Brigham and Women's Hospital",
  timeZone: 'America/New_York',
};

/** BWH's 4W: the same unit code as MGH's 4W, another unit. */
const BWH_4W = {
  facilityId: 'BWH',
  unitId: '4W',
  name: 'BWH Medicine 4 West',
  costCenter: 'BWH-CC-4W',
  patientsPerRn: 4,
  rooms: [
    { roomId: '401', beds: ['A', 'B'] },
    { roomId: '402', beds: ['A'] },
  ],
};

const UNIT_CSV_HEADER = 'facilityId,unitId,name,costCenter,patientsPerRn,roomId,bedId';

describe('workforce-sync facilities and facility-scoped units against the real stack', () => {
  let wf: WorkforceHarness;
  let census: TopicTap;
  let beds: TopicTap;

  before(async () => {
    wf = await WorkforceHarness.start();
    [census, beds] = await Promise.all([
      wf.service.tap(Topics.WorkforceCensusV1.name),
      wf.service.tap(Topics.WorkforceBedV1.name),
    ]);
  });
  after(async () => {
    await wf?.stop();
  });

  async function ok<T>(response: Promise<Response>): Promise<T> {
    const answer = await response;
    const text = await answer.text();
    assert.equal(answer.status, 200, text);
    return JSON.parse(text) as T;
  }

  /** Admits a new encounter to `location`; resolves once its census change was published. */
  async function admit(location: Location): Promise<{ encounter: string; sent: Published }> {
    const encounter = encounterId(location.facilityId ?? 'MGH');
    const sent = await wf.sender.publisher.publish(
      Topics.ClinicalEncounterV1,
      EncounterAdmitted,
      admitted(encounter, location),
      { key: encounter },
    );
    const [change] = await census.waitFor(causedBy(sent.messageId));
    assert.ok(change, 'the admission changed a census');
    return { encounter, sent };
  }

  test('POST /facilities/import creates facilities from JSON; an invalid CSV row imports nothing', async () => {
    const imported = await ok<FacilitiesImportResultDto>(
      wf.service.send('POST', '/facilities/import', {
        facilities: [BWH, { facilityId: 'NWH', name: 'Newton-Wellesley Hospital' }],
      }),
    );
    // `created` is not asserted: ADT of other runs on the shared topic may name BWH first.
    assert.deepEqual(
      imported.facilities.map((f) => [f.facilityId, f.name, f.timeZone, f.configured]),
      [
        ['BWH', BWH.name, 'America/New_York', true],
        ['NWH', 'Newton-Wellesley Hospital', null, true],
      ],
    );
    assert.deepEqual(await wf.service.getJson<FacilityDto>('/facilities/BWH'), {
      ...BWH,
      configured: true,
    });

    const csv = [
      'facilityId,name,timeZone',
      'FAULK,Faulkner Hospital,America/New_York',
      'SRH,Spaulding Rehabilitation,Mars/Olympus_Mons',
    ].join('\n');
    const problem = await problemOf(await wf.service.send('POST', '/facilities/import', csv), 400);
    assert.deepEqual(problem.errors, [
      {
        field: 'row 2: timeZone',
        row: 2,
        message: 'must be an IANA time zone, e.g. America/New_York',
      },
    ]);
    await problemOf(await wf.service.fetch('/facilities/FAULK'), 404);
    const fixed = await ok<FacilitiesImportResultDto>(
      wf.service.send(
        'POST',
        '/facilities/import',
        csv.replace('Mars/Olympus_Mons', 'America/New_York'),
      ),
    );
    assert.deepEqual(
      fixed.facilities.map((f) => [f.facilityId, f.created]),
      [
        ['FAULK', true],
        ['SRH', true],
      ],
    );
    const all = await wf.service.getJson<{ items: FacilityDto[] }>('/facilities');
    const imports = ['BWH', 'FAULK', 'MGH', 'NWH', 'SRH'];
    assert.deepEqual(
      all.items
        .filter((f) => imports.includes(f.facilityId))
        .map((f) => [f.facilityId, f.configured]),
      imports.map((facilityId) => [facilityId, true]),
    );
  });

  test("BWH's unit 4W is imported next to MGH's 4W: two units, each with its own beds and census", async () => {
    const result = await ok<UnitsImportResultDto>(
      wf.service.send('POST', '/units/import', { units: [BWH_4W] }),
    );
    assert.deepEqual(
      result.units.map((u) => [u.facilityId, u.unitId, u.configured]),
      [['BWH', '4W', true]],
    );
    assert.deepEqual(await wf.service.getJson<UnitDefinitionDto>('/facilities/BWH/units/4W'), {
      ...BWH_4W,
      configured: true,
      patientsPerRn: '4.00',
    });
    const mgh = await wf.service.getJson<UnitDefinitionDto>('/facilities/MGH/units/4W');
    assert.deepEqual([mgh.name, mgh.rooms.length], ['Medical-Surgical 4 West', 12]);

    const bed = await wf.freeBed('4W', 'BWH');
    const { encounter, sent } = await admit(bed);
    const [change] = census.messages(causedBy(sent.messageId));
    assert.deepEqual(
      [change?.value['facilityId'], change?.value['unitId'], change?.value['census']],
      ['BWH', '4W', 1],
    );
    const [occupied] = await beds.waitFor(causedBy(sent.messageId));
    assert.deepEqual(
      [occupied?.value['facilityId'], occupied?.value['toStatus']],
      ['BWH', 'OCCUPIED'],
    );
    const where = `units/4W/beds/${bed.roomId}/${bed.bedId}`;
    const bwhBed = await wf.service.getJson<BedDto>(`/facilities/BWH/${where}`);
    assert.deepEqual([bwhBed.status, bwhBed.encounterId], ['OCCUPIED', encounter]);
    const bwhCensus = await wf.service.getJson<UnitCensusDto>('/facilities/BWH/units/4W/census');
    assert.deepEqual([bwhCensus.census, bwhCensus.staffedBeds, bwhCensus.requiredRns], [1, 3, 1]);
    const mghBed = await wf.service.getJson<BedDto>(`/facilities/MGH/${where}`);
    assert.notEqual(mghBed.encounterId, encounter);
    const board = await wf.service.getJson<BedBoardDto>('/bed-board?unitId=4W');
    assert.deepEqual(
      board.units
        .filter((u) => ['BWH', 'MGH'].includes(u.facilityId))
        .map((u) => [u.facilityId, u.unitId, u.beds.length]),
      [
        ['BWH', '4W', 3],
        ['MGH', '4W', 24],
      ],
    );

    const unknown = await problemOf(
      await wf.service.send('POST', '/units/import', [{ ...BWH_4W, facilityId: 'XYZ' }]),
      400,
    );
    assert.deepEqual(
      unknown.errors?.map((e) => [e.field, e.row]),
      [['row 1: facilityId', 1]],
    );
  });

  test('a CSV unit import with a bad row is answered 400 naming row and column, and imports nothing', async () => {
    const rows = [
      'BWH,5E,BWH Telemetry 5 East,BWH-CC-5E,4,501,A',
      'BWH,5E,BWH Telemetry 5 East,BWH-CC-5E,4,501,B',
      'BWH,ICU,BWH Medical ICU,BWH-CC-ICU,2,601,A',
    ];
    const bad = [UNIT_CSV_HEADER, ...rows, 'BWH,ICU,BWH Medical ICU,BWH-CC-ICU,2,602,A^B'];
    const problem = await problemOf(
      await wf.service.send('POST', '/units/import', bad.join('\n')),
      400,
    );
    assert.deepEqual(
      problem.errors?.map((e) => [e.field, e.row]),
      [['row 4: bedId', 4]],
    );
    await problemOf(await wf.service.fetch('/facilities/BWH/units/5E'), 404);
    await problemOf(await wf.service.fetch('/facilities/BWH/units/ICU'), 404);

    const result = await ok<UnitsImportResultDto>(
      wf.service.send('POST', '/units/import', [UNIT_CSV_HEADER, ...rows].join('\n')),
    );
    assert.deepEqual(
      result.units.map((u) => [u.unitId, u.rooms, u.bedsAdded.length]),
      [
        ['5E', [{ roomId: '501', beds: ['A', 'B'] }], 2],
        ['ICU', [{ roomId: '601', beds: ['A'] }], 1],
      ],
    );
    const units = await wf.service.getJson<UnitDto[]>('/units?facilityId=BWH');
    assert.deepEqual(
      units.map((u) => [u.unitId, u.costCenter, u.patientsPerRn]),
      [
        ['4W', 'BWH-CC-4W', '4.00'],
        ['5E', 'BWH-CC-5E', '4.00'],
        ['ICU', 'BWH-CC-ICU', '2.00'],
      ],
    );
  });

  test('an admission to a unit the board does not know creates it unconfigured with the bed, places the patient, dead-letters nothing', async () => {
    const unitId = `ONC-${randomUUID().slice(0, 8)}`;
    const bed: Location = { facilityId: 'BWH', unitId, roomId: '901', bedId: 'A' };
    const { encounter } = await admit(bed);
    assert.equal(await wf.deadLettersKeyed(encounter), 0, 'nothing in the DLQ');
    const board = await wf.service.getJson<BedBoardDto>(
      `/bed-board?facilityId=BWH&configured=false`,
    );
    const [unit] = board.units.filter((u) => u.unitId === unitId);
    assert.deepEqual(
      unit && [unit.configured, unit.name, unit.beds.map((b) => [b.roomId, b.bedId, b.status])],
      [false, unitId, [['901', 'A', 'OCCUPIED']]],
    );
    const [listed] = (await wf.service.getJson<UnitDto[]>('/units?configured=false')).filter(
      (u) => u.unitId === unitId,
    );
    assert.deepEqual(
      listed && [listed.facilityId, listed.census, listed.costCenter, listed.requiredRns],
      ['BWH', 1, null, null],
    );

    // Configured through the import: the occupied bed is kept with its patient.
    const configured = await ok<UnitDefinitionDto>(
      wf.service.send('PUT', `/facilities/BWH/units/${unitId}`, {
        name: 'BWH Oncology',
        costCenter: 'BWH-CC-ONC',
        patientsPerRn: 4,
        rooms: [{ roomId: '901', beds: ['A', 'B'] }],
      }),
    );
    assert.deepEqual([configured.configured, configured.costCenter], [true, 'BWH-CC-ONC']);
    const held = await wf.service.getJson<BedDto>(`/facilities/BWH/units/${unitId}/beds/901/A`);
    assert.deepEqual([held.status, held.encounterId], ['OCCUPIED', encounter]);
    const unitCensus = await wf.service.getJson<UnitCensusDto>(
      `/facilities/BWH/units/${unitId}/census`,
    );
    assert.deepEqual(
      [unitCensus.configured, unitCensus.census, unitCensus.staffedBeds, unitCensus.requiredRns],
      [true, 1, 2, 1],
    );
  });

  test('a location without a facility is one of the default facility; an unknown facility is created unconfigured', async () => {
    const unitId = `OBS-${randomUUID().slice(0, 8)}`;
    await admit({ facilityId: null, unitId, roomId: null, bedId: null });
    const mgh = await wf.service.getJson<UnitCensusDto>(`/facilities/MGH/units/${unitId}/census`);
    assert.deepEqual([mgh.configured, mgh.census, mgh.patientsWithoutBed], [false, 1, 1]);

    const facilityId = `F${randomUUID().slice(0, 6).toUpperCase()}`;
    await admit({ facilityId, unitId: '3N', roomId: '301', bedId: 'A' });
    assert.deepEqual(await wf.service.getJson<FacilityDto>(`/facilities/${facilityId}`), {
      facilityId,
      name: facilityId,
      timeZone: null,
      configured: false,
    });
  });
});
