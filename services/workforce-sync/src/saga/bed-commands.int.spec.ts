import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  EncounterAdmitted,
  ReleaseBed,
  ReleaseBedReply,
  RestoreBed,
  RestoreBedReply,
  Topics,
} from '@meridian/contracts';
import type { Location } from '@meridian/contracts';
import type { Published } from '@meridian/messaging';
import type { ReplyTap, TappedReply } from '@meridian/saga/testing';
import { PROBLEM_JSON } from '@meridian/service-kit';
import type { TopicTap } from '@meridian/testing';
import type { BedDto } from '../bed-board/dto/bed-board.dto.js';
import { admitted, encounterId, releaseBed, restoreBed } from '../testing/messages.js';
import { causedBy, WorkforceHarness } from '../testing/workforce-harness.js';

function bedPath(location: Location): string {
  const { facilityId, unitId, roomId, bedId } = location;
  return `/facilities/${facilityId ?? 'MGH'}/units/${unitId}/beds/${roomId}/${bedId}`;
}

describe('workforce-sync saga commands against the real stack', () => {
  let wf: WorkforceHarness;
  let replies: ReplyTap;
  let census: TopicTap;

  before(async () => {
    wf = await WorkforceHarness.start();
    [replies, census] = await Promise.all([
      wf.tapReplies(),
      wf.service.tap(Topics.WorkforceCensusV1.name),
    ]);
  });
  after(async () => {
    await wf?.stop();
  });

  /** A new encounter in a free bed of `unitId`, once the service placed it. */
  async function inBed(unitId: string): Promise<{ encounter: string; bed: Location }> {
    const encounter = encounterId();
    const bed = await wf.freeBed(unitId);
    const sent = await wf.sender.publisher.publish(
      Topics.ClinicalEncounterV1,
      EncounterAdmitted,
      admitted(encounter, bed),
      { key: encounter },
    );
    await census.waitFor(causedBy(sent.messageId));
    return { encounter, bed };
  }

  function release(sagaId: string, encounter: string, bed: Location): Promise<Published> {
    return wf.sender.publisher.publish(
      Topics.WorkforceSyncCommandsV1,
      ReleaseBed,
      releaseBed(sagaId, encounter, bed),
      { key: encounter, correlationId: sagaId },
    );
  }

  function restore(
    sagaId: string,
    encounter: string,
    bed: Location,
    released: Published,
  ): Promise<Published> {
    return wf.sender.publisher.publish(
      Topics.WorkforceSyncCommandsV1,
      RestoreBed,
      restoreBed(sagaId, encounter, bed, released.messageId),
      { key: encounter, correlationId: sagaId },
    );
  }

  /** The reply of workforce-sync to the command `sent`. */
  async function replyTo(sent: Published): Promise<TappedReply> {
    const [reply] = await replies.waitFor(
      (r) => r.source === 'workforce-sync' && r.commandMessageId === sent.messageId,
    );
    assert.ok(reply);
    return reply;
  }

  test('ReleaseBed answers SUCCEEDED with the bed CLEANING and the census after; a resend gets the same answer', async () => {
    const { encounter, bed } = await inBed('5E');
    const sagaId = randomUUID();
    const sent = await release(sagaId, encounter, bed);
    const reply = await replyTo(sent);
    assert.equal(reply.recordName, ReleaseBedReply.fullName);
    assert.equal(reply.outcome, 'SUCCEEDED');
    assert.equal(reply.sagaId, sagaId);
    assert.equal(reply.stepName, 'ReleaseBed');
    assert.equal(reply.key, sagaId);
    assert.equal(reply.value['bedStatus'], 'CLEANING');
    const [change] = await census.waitFor(causedBy(sent.messageId));
    assert.ok(change);
    assert.equal(change.value['reason'], 'DISCHARGE');
    assert.equal(reply.value['unitCensus'], change.value['census']);
    const now = await wf.service.getJson<BedDto>(bedPath(bed));
    assert.deepEqual([now.status, now.encounterId], ['CLEANING', null]);

    // The orchestrator resends after a reply timeout: a new message id, the same saga step.
    const resent = await release(sagaId, encounter, bed);
    const again = await replyTo(resent);
    assert.equal(again.outcome, 'SUCCEEDED');
    assert.deepEqual(
      [again.value['bedStatus'], again.value['unitCensus']],
      [reply.value['bedStatus'], reply.value['unitCensus']],
    );
    assert.equal(census.messages(causedBy(resent.messageId)).length, 0, 'released once');
  });

  test('RestoreBed gives the released bed back: OCCUPIED by the encounter, census +1', async () => {
    const { encounter, bed } = await inBed('5E');
    const sagaId = randomUUID();
    const released = await release(sagaId, encounter, bed);
    await replyTo(released);
    const sent = await restore(sagaId, encounter, bed, released);
    const reply = await replyTo(sent);
    assert.equal(reply.recordName, RestoreBedReply.fullName);
    assert.equal(reply.outcome, 'SUCCEEDED');
    assert.equal(reply.value['bedStatus'], 'OCCUPIED');
    const [change] = await census.waitFor(causedBy(sent.messageId));
    assert.ok(change);
    assert.equal(change.value['census'], (change.value['previousCensus'] as number) + 1);
    assert.equal(reply.value['unitCensus'], change.value['census']);
    const now = await wf.service.getJson<BedDto>(bedPath(bed));
    assert.deepEqual([now.status, now.encounterId], ['OCCUPIED', encounter]);
  });

  test('RestoreBed fails BED_REASSIGNED, not retriable, when another encounter took the cleaned bed', async () => {
    const { encounter, bed } = await inBed('4W');
    const sagaId = randomUUID();
    const released = await release(sagaId, encounter, bed);
    await replyTo(released);
    const cleaned = await wf.service.send('POST', `${bedPath(bed)}/clean`);
    assert.equal(cleaned.status, 200, await cleaned.clone().text());
    assert.equal(((await cleaned.json()) as BedDto).status, 'AVAILABLE');
    const next = encounterId();
    const admittedNext = await wf.sender.publisher.publish(
      Topics.ClinicalEncounterV1,
      EncounterAdmitted,
      admitted(next, bed),
      { key: next },
    );
    await census.waitFor(causedBy(admittedNext.messageId));

    const reply = await replyTo(await restore(sagaId, encounter, bed, released));
    assert.equal(reply.outcome, 'FAILED');
    assert.equal(reply.failure?.code, 'BED_REASSIGNED');
    assert.equal(reply.failure?.retriable, false);
    assert.deepEqual((reply.value['failure'] as { details: unknown }).details, {
      facilityId: 'MGH',
      unitId: bed.unitId,
      roomId: bed.roomId,
      bedId: bed.bedId,
      occupiedBy: next,
    });
    assert.equal(reply.value['bedStatus'], null);
    assert.equal((await wf.service.getJson<BedDto>(bedPath(bed))).encounterId, next);
  });

  test('ReleaseBed for an encounter the bed board never placed releases nothing and succeeds', async () => {
    const sent = await release(randomUUID(), encounterId(), {
      facilityId: 'MGH',
      unitId: 'ED',
      roomId: null,
      bedId: null,
    });
    const reply = await replyTo(sent);
    assert.equal(reply.outcome, 'SUCCEEDED');
    assert.deepEqual([reply.value['bedStatus'], reply.value['unitCensus']], [null, null]);
  });

  test('housekeeping cleans only a CLEANING bed: 409 problem+json otherwise, 404 for no such bed', async () => {
    const bed = await wf.freeBed('4W');
    const conflict = await wf.service.send('POST', `${bedPath(bed)}/clean`);
    assert.equal(conflict.status, 409);
    assert.equal(conflict.headers.get('content-type')?.split(';')[0], PROBLEM_JSON);
    assert.match(((await conflict.json()) as { detail: string }).detail, /is AVAILABLE/);
    const missing = await wf.service.send('POST', '/facilities/MGH/units/4W/beds/499/A/clean');
    assert.equal(missing.status, 404);
  });
});
