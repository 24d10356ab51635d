import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { EncounterAdmitted, ReleaseBed, ReleaseBedReply, Topics } from '@meridian/contracts';
import type { Location } from '@meridian/contracts';
import type { Published } from '@meridian/messaging';
import type { ReplyTap } from '@meridian/saga/testing';
import { decimalOf } from '@meridian/testing';
import type { TopicTap } from '@meridian/testing';
import type {
  BedBoardDto,
  BedDto,
  UnitCensusDto,
  UnitDto,
} from '../bed-board/dto/bed-board.dto.js';
import { admitted, encounterId, releaseBed } from '../testing/messages.js';
import { problemOf } from '@meridian/service-kit/testing';
import { causedBy, WorkforceHarness } from '../testing/workforce-harness.js';
import type {
  UnitDefinitionDto,
  UnitImportResultDto,
  UnitsImportResultDto,
} from './dto/unit-import.dto.js';

/** A unit id of this run only: another run on the same topics never places patients on it. */
function newUnitId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A unit of MGH by its facility route. */
function unitPath(unitId: string): string {
  return `/facilities/MGH/units/${unitId}`;
}

function bedPath(location: Location): string {
  return `${unitPath(location.unitId)}/beds/${location.roomId}/${location.bedId}`;
}

/** What a unit of a bulk import names besides its own fields. */
const MGH = { facilityId: 'MGH' } as const;

describe('workforce-sync unit import against the real stack', () => {
  let wf: WorkforceHarness;
  let beds: TopicTap;
  let census: TopicTap;
  let staffing: TopicTap;
  let replies: ReplyTap;
  /** 7N with room 701, beds A and B, imported by the first test. */
  const unitId = newUnitId('7N');
  const sevenNorth = {
    name: 'Medical-Surgical 7 North',
    costCenter: `CC-${unitId}`,
    patientsPerRn: 4,
    rooms: [{ roomId: '701', beds: ['A', 'B'] }],
  };
  const bed = (roomId: string, bedId: string): Location => ({
    facilityId: 'MGH',
    unitId,
    roomId,
    bedId,
  });

  before(async () => {
    wf = await WorkforceHarness.start();
    [beds, census, staffing, replies] = await Promise.all([
      wf.service.tap(Topics.WorkforceBedV1.name),
      wf.service.tap(Topics.WorkforceCensusV1.name),
      wf.service.tap(Topics.WorkforceStaffingV1.name),
      wf.tapReplies(),
    ]);
  });
  after(async () => {
    await wf?.stop();
  });

  async function putUnit(body: unknown): Promise<UnitImportResultDto> {
    const response = await wf.service.send('PUT', unitPath(unitId), body);
    const text = await response.text();
    assert.equal(response.status, 200, text);
    return JSON.parse(text) as UnitImportResultDto;
  }

  /** Admits a new encounter to `location`; resolves once its census change was published. */
  async function admit(location: Location): Promise<{ encounter: string; sent: Published }> {
    const encounter = encounterId();
    const sent = await wf.sender.publisher.publish(
      Topics.ClinicalEncounterV1,
      EncounterAdmitted,
      admitted(encounter, location),
      { key: encounter },
    );
    await census.waitFor(causedBy(sent.messageId));
    return { encounter, sent };
  }

  test('PUT /facilities/{facilityId}/units/{unitId} imports a new unit: its beds are on the board AVAILABLE and announced', async () => {
    const result = await putUnit(sevenNorth);
    assert.deepEqual(result, {
      unitId,
      facilityId: 'MGH',
      configured: true,
      name: 'Medical-Surgical 7 North',
      costCenter: `CC-${unitId}`,
      patientsPerRn: '4.00',
      rooms: [{ roomId: '701', beds: ['A', 'B'] }],
      created: true,
      bedsAdded: [
        { roomId: '701', bedId: 'A' },
        { roomId: '701', bedId: 'B' },
      ],
      bedsRemoved: [],
    });
    const board = await wf.service.getJson<BedBoardDto>(
      `/bed-board?facilityId=MGH&unitId=${unitId}`,
    );
    assert.deepEqual(
      board.units.flatMap((u) => u.beds.map((b) => [b.roomId, b.bedId, b.status, b.encounterId])),
      [
        ['701', 'A', 'AVAILABLE', null],
        ['701', 'B', 'AVAILABLE', null],
      ],
    );
    const units = await wf.service.getJson<UnitDto[]>('/units');
    const unit = units.find((u) => u.unitId === unitId);
    assert.deepEqual(
      unit && [
        unit.costCenter,
        unit.census,
        unit.staffedBeds,
        unit.patientsPerRn,
        unit.requiredRns,
      ],
      [`CC-${unitId}`, 0, 2, '4.00', 0],
    );
    assert.deepEqual(await wf.service.getJson<UnitDefinitionDto>(unitPath(unitId)), {
      unitId,
      facilityId: 'MGH',
      configured: true,
      name: 'Medical-Surgical 7 North',
      costCenter: `CC-${unitId}`,
      patientsPerRn: '4.00',
      rooms: [{ roomId: '701', beds: ['A', 'B'] }],
    });
    const announced = await beds.waitFor((m) => m.key === unitId, 2);
    assert.deepEqual(
      announced.map((m) => [m.value['bedId'], m.value['fromStatus'], m.value['toStatus']]).sort(),
      [
        ['A', null, 'AVAILABLE'],
        ['B', null, 'AVAILABLE'],
      ],
    );
    // The new cost center is on the roster's list of cost centers at once.
    const roster = await wf.service.fetch(`/employees?costCenter=CC-${unitId}`);
    assert.equal(roster.status, 200);
  });

  test('an ADT^A01 admission to the imported unit occupies the bed; ReleaseBed for its discharge puts it into cleaning', async () => {
    const location = bed('701', 'A');
    const { encounter, sent } = await admit(location);
    const [change] = census.messages(causedBy(sent.messageId));
    assert.deepEqual(
      change && [change.value['unitId'], change.value['reason'], change.value['census']],
      [unitId, 'ADMISSION', 1],
    );
    const occupied = await wf.service.getJson<BedDto>(bedPath(location));
    assert.deepEqual([occupied.status, occupied.encounterId], ['OCCUPIED', encounter]);
    // The unit's own ratio (1:4) gives the staffing demand: one RN for the first patient.
    const [demand] = await staffing.waitFor(causedBy(sent.messageId));
    assert.ok(demand);
    assert.deepEqual(
      [demand.value['unitId'], demand.value['costCenter'], demand.value['requiredHeadcount']],
      [unitId, `CC-${unitId}`, 1],
    );
    assert.equal(decimalOf(demand.value['targetRatio']), '4.00');

    const sagaId = randomUUID();
    const release = await wf.sender.publisher.publish(
      Topics.WorkforceSyncCommandsV1,
      ReleaseBed,
      releaseBed(sagaId, encounter, location),
      { key: encounter, correlationId: sagaId },
    );
    const [reply] = await replies.waitFor(
      (r) => r.source === 'workforce-sync' && r.commandMessageId === release.messageId,
    );
    assert.ok(reply);
    assert.equal(reply.recordName, ReleaseBedReply.fullName);
    assert.equal(reply.outcome, 'SUCCEEDED');
    assert.deepEqual([reply.value['bedStatus'], reply.value['unitCensus']], ['CLEANING', 0]);
    const cleaning = await wf.service.getJson<BedDto>(bedPath(location));
    assert.deepEqual([cleaning.status, cleaning.encounterId], ['CLEANING', null]);
  });

  test('removing a bed a patient is in is refused with 409 naming the bed; nothing is imported', async () => {
    const { encounter } = await admit(bed('701', 'B'));
    const withoutB = {
      ...sevenNorth,
      rooms: [
        { roomId: '701', beds: ['A'] },
        { roomId: '702', beds: ['A'] },
      ],
    };
    const problem = await problemOf(await wf.service.send('PUT', unitPath(unitId), withoutB), 409);
    assert.equal(problem.type, 'urn:meridian:problem:bed-occupied');
    assert.match(problem.detail ?? '', new RegExp(`bed MGH:${unitId}/701/B`));
    assert.deepEqual(problem.errors, [
      { field: 'rooms', message: `removes bed MGH:${unitId}/701/B, which is OCCUPIED` },
    ]);

    // In a bulk import, the other unit is not imported either (one transaction).
    const eightNorth = newUnitId('8N');
    const bulk = await problemOf(
      await wf.service.send('POST', '/units/import', {
        units: [
          { ...sevenNorth, ...MGH, unitId: eightNorth, costCenter: `CC-${eightNorth}` },
          { ...withoutB, ...MGH, unitId },
        ],
      }),
      409,
    );
    assert.deepEqual(
      bulk.errors?.map((e) => e.field),
      ['row 2: rooms'],
    );
    await problemOf(await wf.service.fetch(unitPath(eightNorth)), 404);
    assert.deepEqual((await wf.service.getJson<UnitDefinitionDto>(unitPath(unitId))).rooms, [
      { roomId: '701', beds: ['A', 'B'] },
    ]);
    const still = await wf.service.getJson<BedDto>(bedPath(bed('701', 'B')));
    assert.deepEqual([still.status, still.encounterId], ['OCCUPIED', encounter]);
  });

  test('an update keeps the status and patient of the beds it lists, adds new ones and removes free ones', async () => {
    // 701/A is CLEANING (its patient was discharged), 701/B OCCUPIED (previous test).
    const grown = await putUnit({
      ...sevenNorth,
      name: '7 North Step-Down',
      patientsPerRn: 3,
      rooms: [
        { roomId: '701', beds: ['A', 'B', 'C'] },
        { roomId: '702', beds: ['A'] },
      ],
    });
    assert.equal(grown.created, false);
    assert.deepEqual(grown.bedsAdded, [
      { roomId: '701', bedId: 'C' },
      { roomId: '702', bedId: 'A' },
    ]);
    const board = await wf.service.getJson<BedBoardDto>(
      `/bed-board?facilityId=MGH&unitId=${unitId}`,
    );
    assert.deepEqual(
      board.units.flatMap((u) => u.beds.map((b) => [`${b.roomId}/${b.bedId}`, b.status])),
      [
        ['701/A', 'CLEANING'],
        ['701/B', 'OCCUPIED'],
        ['701/C', 'AVAILABLE'],
        ['702/A', 'AVAILABLE'],
      ],
    );
    const unit = await wf.service.getJson<UnitCensusDto>(`${unitPath(unitId)}/census`);
    assert.deepEqual(
      [unit.name, unit.census, unit.staffedBeds, unit.patientsPerRn],
      ['7 North Step-Down', 1, 4, '3.00'],
    );

    // 701/A was last held by the discharged encounter: it goes all the same, and so does 702.
    const shrunk = await putUnit({ ...sevenNorth, rooms: [{ roomId: '701', beds: ['B', 'C'] }] });
    assert.deepEqual(shrunk.bedsRemoved, [
      { roomId: '701', bedId: 'A' },
      { roomId: '702', bedId: 'A' },
    ]);
    assert.deepEqual((await wf.service.getJson<UnitDefinitionDto>(unitPath(unitId))).rooms, [
      { roomId: '701', beds: ['B', 'C'] },
    ]);
    await problemOf(await wf.service.fetch(bedPath(bed('701', 'A'))), 404);
    assert.equal((await wf.service.getJson<BedDto>(bedPath(bed('701', 'B')))).status, 'OCCUPIED');
  });

  test('invalid definitions are answered 400 problem+json naming each bad field, and nothing is imported', async () => {
    const rooms = [
      { roomId: '701', beds: ['A'] },
      { roomId: '702', beds: ['A'] },
      { roomId: '703', beds: ['A^B'] },
    ];
    const problem = await problemOf(
      await wf.service.send('PUT', unitPath(newUnitId('9N')), { ...sevenNorth, rooms }),
      400,
    );
    assert.deepEqual(
      problem.errors?.map((e) => e.field),
      ['rooms[2].beds[0]'],
    );
    const nineNorth = newUnitId('9N');
    const bulk = await problemOf(
      await wf.service.send('POST', '/units/import', {
        units: [
          { ...sevenNorth, ...MGH, unitId: nineNorth },
          {
            ...sevenNorth,
            ...MGH,
            unitId: newUnitId('10N'),
            costCenter: 'CC 10N',
            patientsPerRn: 0,
          },
        ],
      }),
      400,
    );
    assert.deepEqual(
      bulk.errors?.map((e) => e.field),
      ['row 2: costCenter', 'row 2: patientsPerRn'],
    );
    await problemOf(await wf.service.fetch(unitPath(nineNorth)), 404);
  });

  test('POST /units/import creates and updates units in one go, answering in the order given', async () => {
    const elevenNorth = newUnitId('11N');
    const response = await wf.service.send('POST', '/units/import', {
      units: [
        {
          ...sevenNorth,
          ...MGH,
          unitId: elevenNorth,
          costCenter: `CC-${elevenNorth}`,
          rooms: [{ roomId: '1101', beds: ['A'] }],
        },
        { ...sevenNorth, ...MGH, unitId, rooms: [{ roomId: '701', beds: ['B', 'C'] }] },
      ],
    });
    const text = await response.text();
    assert.equal(response.status, 200, text);
    const { units } = JSON.parse(text) as UnitsImportResultDto;
    assert.deepEqual(
      units.map((u) => [u.unitId, u.created, u.bedsAdded.length, u.bedsRemoved.length]),
      [
        [elevenNorth, true, 1, 0],
        [unitId, false, 0, 0],
      ],
    );
    const newBed: Location = { facilityId: 'MGH', unitId: elevenNorth, roomId: '1101', bedId: 'A' };
    await admit(newBed);
    assert.equal((await wf.service.getJson<BedDto>(bedPath(newBed))).status, 'OCCUPIED');
  });

  test('documents the import endpoints in its OpenAPI document', async () => {
    const doc = await wf.service.getJson<{ paths: Record<string, Record<string, unknown>> }>(
      '/docs/openapi.json',
    );
    const unit = '/facilities/{facilityId}/units/{unitId}';
    assert.ok(doc.paths[unit]?.['put'], `PUT ${unit}`);
    assert.ok(doc.paths[unit]?.['get'], `GET ${unit}`);
    assert.equal(doc.paths['/units/{unitId}'], undefined, 'no unit route without its facility');
    assert.ok(doc.paths['/units/import']?.['post'], 'POST /units/import');
    assert.ok(doc.paths['/facilities/import']?.['post'], 'POST /facilities/import');
    const put = doc.paths[unit]?.['put'] as { responses: Record<string, unknown> };
    assert.deepEqual(Object.keys(put.responses).sort(), ['200', '400', '401', '403', '409']);
  });
});
