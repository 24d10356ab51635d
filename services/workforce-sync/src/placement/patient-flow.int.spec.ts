import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  EncounterAdmissionCancelled,
  EncounterAdmitted,
  EncounterTransferred,
  Topics,
} from '@meridian/contracts';
import type { Location } from '@meridian/contracts';
import { FAILURE_HEADERS } from '@meridian/messaging';
import type { Published } from '@meridian/messaging';
import { decimalOf } from '@meridian/testing';
import type { TopicTap } from '@meridian/testing';
import type { BedDto, UnitCensusDto } from '../bed-board/dto/bed-board.dto.js';
import { admissionCancelled, admitted, encounterId, transferred } from '../testing/messages.js';
import { causedBy, WorkforceHarness } from '../testing/workforce-harness.js';

function bedPath(location: Location): string {
  const { facilityId, unitId, roomId, bedId } = location;
  return `/facilities/${facilityId ?? 'MGH'}/units/${unitId}/beds/${roomId}/${bedId}`;
}

describe('workforce-sync ADT consumer against the real stack', () => {
  let wf: WorkforceHarness;
  let census: TopicTap;
  let beds: TopicTap;
  let staffing: TopicTap;

  before(async () => {
    wf = await WorkforceHarness.start();
    [census, beds, staffing] = await Promise.all([
      wf.service.tap(Topics.WorkforceCensusV1.name),
      wf.service.tap(Topics.WorkforceBedV1.name),
      wf.service.tap(Topics.WorkforceStaffingV1.name),
    ]);
  });
  after(async () => {
    await wf?.stop();
  });

  function admit(encounter: string, location: Location): Promise<Published> {
    return wf.sender.publisher.publish(
      Topics.ClinicalEncounterV1,
      EncounterAdmitted,
      admitted(encounter, location),
      { key: encounter },
    );
  }

  /** Admits a new encounter to a free bed of `unitId`; resolves once its census changed. */
  async function admitted1(unitId: string) {
    const encounter = encounterId();
    const bed = await wf.freeBed(unitId);
    const sent = await admit(encounter, bed);
    const [change] = await census.waitFor(causedBy(sent.messageId));
    assert.ok(change);
    return { encounter, bed, sent, census: change.value };
  }

  test('an admission to a free bed occupies it, raises the census by one and publishes it', async () => {
    const { encounter, bed, sent, census: change } = await admitted1('4W');
    assert.equal(change['unitId'], '4W');
    assert.equal(change['facilityId'], 'MGH');
    assert.equal(change['reason'], 'ADMISSION');
    assert.equal(change['encounterId'], encounter);
    assert.equal(change['census'], (change['previousCensus'] as number) + 1);
    assert.equal(change['staffedBeds'], 24);

    const [bedChange] = await beds.waitFor(causedBy(sent.messageId));
    assert.ok(bedChange);
    const { roomId, bedId, fromStatus, toStatus } = bedChange.value;
    assert.deepEqual(
      { roomId, bedId, fromStatus, toStatus, key: bedChange.key },
      {
        roomId: bed.roomId,
        bedId: bed.bedId,
        fromStatus: 'AVAILABLE',
        toStatus: 'OCCUPIED',
        key: '4W',
      },
    );
    const now = await wf.service.getJson<BedDto>(bedPath(bed));
    assert.deepEqual([now.status, now.encounterId], ['OCCUPIED', encounter]);
  });

  test('a replayed admission changes nothing; a transfer leaves the old bed CLEANING and moves the census', async () => {
    const { encounter, bed: from } = await admitted1('4W');
    const replay = await admit(encounter, from);
    const to = await wf.freeBed('5E');
    const moved = await wf.sender.publisher.publish(
      Topics.ClinicalEncounterV1,
      EncounterTransferred,
      transferred(encounter, from, to),
      { key: encounter },
    );

    const changes = await census.waitFor(causedBy(moved.messageId), 2);
    assert.deepEqual(changes.map((c) => [c.value['unitId'], c.value['reason']]).sort(), [
      ['4W', 'TRANSFER_OUT'],
      ['5E', 'TRANSFER_IN'],
    ]);
    const bedChanges = await beds.waitFor(causedBy(moved.messageId), 2);
    assert.deepEqual(bedChanges.map((c) => [c.value['unitId'], c.value['toStatus']]).sort(), [
      ['4W', 'CLEANING'],
      ['5E', 'OCCUPIED'],
    ]);
    // The replay was handled before the transfer (one encounter, one partition): it changed nothing.
    assert.equal(census.messages(causedBy(replay.messageId)).length, 0);
    assert.equal(beds.messages(causedBy(replay.messageId)).length, 0);
    // The bed left went to CLEANING (its BedStatusChanged above); other runs' admissions on the
    // shared topic may take it since (ADT wins over CLEANING), so only its patient is checked here.
    assert.notEqual((await wf.service.getJson<BedDto>(bedPath(from))).encounterId, encounter);
    const now = await wf.service.getJson<BedDto>(bedPath(to));
    assert.deepEqual([now.status, now.encounterId], ['OCCUPIED', encounter]);
  });

  test('a cancelled admission (A11) makes the bed AVAILABLE and lowers the census by one', async () => {
    const { encounter, bed } = await admitted1('PEDS');
    const cancelled = await wf.sender.publisher.publish(
      Topics.ClinicalEncounterV1,
      EncounterAdmissionCancelled,
      admissionCancelled(encounter, bed),
      { key: encounter },
    );
    const [change] = await census.waitFor(causedBy(cancelled.messageId));
    assert.ok(change);
    assert.equal(change.value['reason'], 'CANCELLATION');
    assert.equal(change.value['census'], (change.value['previousCensus'] as number) - 1);
    const now = await wf.service.getJson<BedDto>(bedPath(bed));
    assert.deepEqual([now.status, now.encounterId], ['AVAILABLE', null]);
  });

  test('an admission to a bed another encounter occupies counts the patient on the unit without a bed and flags the conflict', async () => {
    const first = await admitted1('PEDS');
    const second = encounterId();
    const sent = await admit(second, first.bed);
    const [change] = await census.waitFor(causedBy(sent.messageId));
    assert.ok(change);
    assert.equal(change.value['census'], (change.value['previousCensus'] as number) + 1);
    assert.equal(beds.messages(causedBy(sent.messageId)).length, 0);
    assert.equal(
      (await wf.service.getJson<BedDto>(bedPath(first.bed))).encounterId,
      first.encounter,
    );
    const unit = await wf.service.getJson<UnitCensusDto>('/facilities/MGH/units/PEDS/census');
    assert.ok(unit.patientsWithoutBed >= 1);
    assert.equal(unit.census, unit.occupiedBeds + unit.patientsWithoutBed);
    assert.deepEqual(
      unit.bedConflicts.find((c) => c.encounterId === second),
      {
        encounterId: second,
        roomId: first.bed.roomId,
        bedId: first.bed.bedId,
        occupiedBy: first.encounter,
      },
    );
  });

  test('an admission to a bed a configured unit does not have goes to the DLQ with the reason, changing nothing', async () => {
    const toUnknownBed = encounterId();
    const { messageId } = await admit(toUnknownBed, {
      facilityId: 'MGH',
      unitId: '4W',
      roomId: '499',
      bedId: 'A',
    });
    const bed = await wf.deadLetter(toUnknownBed);
    assert.equal(bed[FAILURE_HEADERS.errorClass], 'UnknownLocationError');
    assert.equal(bed[FAILURE_HEADERS.attempt], '1', 'dead-lettered without retries');
    assert.match(
      bed[FAILURE_HEADERS.errorMessage] ?? '',
      /4W\^499\^A\^MGH: no such bed on unit MGH:4W/,
    );
    assert.equal(census.messages(causedBy(messageId)).length, 0);
  });

  test('publishes StaffingDemandChanged when the required RNs of a unit change with its census', async () => {
    // ICU at 1:2: one RN for 1-2 patients, two for 3-4.
    const admissions = [await admitted1('ICU'), await admitted1('ICU'), await admitted1('ICU')];
    const changing = admissions.filter(
      (a) =>
        Math.ceil((a.census['census'] as number) / 2) !==
        Math.ceil((a.census['previousCensus'] as number) / 2),
    );
    assert.ok(changing.length > 0, 'three admissions cross an RN boundary at 1:2');
    const last = changing.at(-1);
    assert.ok(last);
    // Demands of a unit share a partition: once the last is read, every earlier one was.
    const [demand] = await staffing.waitFor(causedBy(last.sent.messageId));
    assert.ok(demand);
    const value = demand.value;
    assert.equal(value['unitId'], 'ICU');
    assert.equal(value['facilityId'], 'MGH');
    assert.equal(value['costCenter'], 'CC-ICU');
    assert.equal(value['jobCode'], 'RN');
    assert.equal(decimalOf(value['targetRatio']), '2.00');
    assert.equal(value['census'], last.census['census']);
    assert.equal(value['requiredHeadcount'], Math.ceil((last.census['census'] as number) / 2));
    for (const admission of admissions) {
      assert.equal(
        staffing.messages(causedBy(admission.sent.messageId)).length,
        changing.includes(admission) ? 1 : 0,
      );
    }
    const unit = await wf.service.getJson<UnitCensusDto>('/facilities/MGH/units/ICU/census');
    assert.equal(unit.patientsPerRn, '2.00');
    assert.equal(unit.requiredRns, Math.ceil(unit.census / 2));
  });
});
