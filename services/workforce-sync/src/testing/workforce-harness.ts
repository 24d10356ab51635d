// workforce-sync as its own process on the real stack (see startServiceUnderTest), with what its
// integration tests add: a sender for ADT facts and saga commands, the HR system's signed webhook
// calls, a tap on saga replies, a free bed of a unit, and the service's dead letters.
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import {
  EncounterAdmissionCancelled,
  EncounterAdmitted,
  EncounterTransferred,
  Topics,
} from '@meridian/contracts';
import type { Location } from '@meridian/contracts';
import { deadLetterTopic } from '@meridian/messaging';
import type { Messaging } from '@meridian/messaging';
import { tapReplies } from '@meridian/saga/testing';
import type { ReplyTap } from '@meridian/saga/testing';
import { allRecords, SIGNATURE_HEADER, signWebhook } from '@meridian/service-kit';
import { startTestSender } from '@meridian/service-kit/testing';
import { startServiceUnderTest, topicDepth } from '@meridian/testing';
import type { ServiceUnderTest, TappedMessage, TopicTap } from '@meridian/testing';
import type { BedBoardDto } from '../bed-board/dto/bed-board.dto.js';

const CONSUMED = [Topics.ClinicalEncounterV1, Topics.WorkforceSyncCommandsV1];

/** HR_WEBHOOK_SECRET of the processes the harness starts (the HR system's shared secret). */
export const HR_TEST_SECRET = `hr-webhook-it-${randomUUID()}`;

/** How a test's HR webhook call is signed: by default as the HR system does, now. */
export interface HrSigning {
  /** The secret signed with; default HR_TEST_SECRET. */
  readonly secret?: string;
  /** When it was signed; default now. */
  readonly signedAt?: Date;
  /** The bytes signed, when they are not the bytes sent (a body changed on the way). */
  readonly signedBody?: string;
  /** false: no X-Meridian-Signature header at all. */
  readonly signed?: boolean;
  /** The header as sent, built from the signature `signWebhook` made (a rotation's two v1). */
  readonly header?: (signature: string) => string;
}

/** Messages caused by the message `messageId` (the handler's publishes carry it as causationId). */
export function causedBy(messageId: string): (message: TappedMessage) => boolean {
  return (message) =>
    (message.value['envelope'] as { causationId: string | null }).causationId === messageId;
}

export class WorkforceHarness {
  private deadLetters: TopicTap | undefined;

  private constructor(
    readonly service: ServiceUnderTest,
    readonly sender: Messaging,
  ) {}

  /**
   * The service on a fresh database and consumer group, and a sender (stopped with it); its HR
   * webhook takes HR_TEST_SECRET unless `env` says otherwise.
   */
  static async start(env: NodeJS.ProcessEnv = {}): Promise<WorkforceHarness> {
    const sender = await startTestSender({
      name: 'workforce-it',
      produces: [
        {
          topic: Topics.ClinicalEncounterV1,
          records: [EncounterAdmitted, EncounterTransferred, EncounterAdmissionCancelled],
        },
        ...allRecords(Topics.WorkforceSyncCommandsV1),
      ],
    });
    const service = await startServiceUnderTest('workforce-sync', {
      consumes: CONSUMED.map((topic) => topic.name),
      owns: [sender],
      env: { HR_WEBHOOK_SECRET: HR_TEST_SECRET, ...env },
    });
    return new WorkforceHarness(service, sender);
  }

  /**
   * POSTs `event` to the HR webhook as the HR system does: JSON, no bearer token, signed over the
   * bytes sent (service-kit's `signWebhook`), unless `signing` says otherwise.
   */
  postHrEvent(event: unknown, signing: HrSigning = {}): Promise<Response> {
    const body = JSON.stringify(event);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signing.signed !== false) {
      const signature = signWebhook(
        signing.secret ?? HR_TEST_SECRET,
        signing.signedBody ?? body,
        signing.signedAt,
      );
      headers[SIGNATURE_HEADER] = signing.header?.(signature) ?? signature;
    }
    return fetch(`${this.service.url}/hr/events`, { method: 'POST', headers, body });
  }

  /** Reads saga.replies.v1 from its current end. */
  async tapReplies(): Promise<ReplyTap> {
    const { kafkaBrokers, schemaRegistryUrl } = this.service.infra;
    const tap = await tapReplies({ brokers: kafkaBrokers, schemaRegistryUrl });
    this.service.onStop(() => tap.stop());
    return tap;
  }

  /**
   * An AVAILABLE bed of the unit (of MGH unless `facilityId` says otherwise), picked at random:
   * beds are shared with whatever else publishes ADT facts right now, so a test never assumes a
   * particular bed is free.
   */
  async freeBed(unitId: string, facilityId = 'MGH'): Promise<Location> {
    const board = await this.service.getJson<BedBoardDto>(
      `/bed-board?facilityId=${facilityId}&unitId=${unitId}`,
    );
    const free = board.units.flatMap((u) => u.beds).filter((b) => b.status === 'AVAILABLE');
    const bed = free[randomInt(free.length)];
    assert.ok(bed, `no AVAILABLE bed on ${facilityId}:${unitId}`);
    return { facilityId, unitId, roomId: bed.roomId, bedId: bed.bedId };
  }

  /** Waits for a dead letter keyed `key` on the service's DLQ; resolves with its headers. */
  async deadLetter(key: string, timeoutMs = 30_000): Promise<Readonly<Record<string, string>>> {
    const [dead] = await (await this.dlq()).waitFor((m) => m.key === key, 1, timeoutMs);
    assert.ok(dead, `no dead letter keyed ${key}`);
    return dead.headers;
  }

  /**
   * The dead letters keyed `key` once the DLQ was read to its end (the DLQ is this run's own, but
   * other runs' messages on the shared topics may be dead-lettered in it too: count by key).
   */
  async deadLettersKeyed(key: string): Promise<number> {
    const depth = await topicDepth(
      this.service.infra.kafkaBrokers,
      deadLetterTopic(this.service.group),
    );
    if (depth === 0) return 0;
    const tap = await this.dlq();
    await tap.waitFor(() => true, depth);
    return tap.messages((m) => m.key === key).length;
  }

  /** The tap on the service's DLQ, from its beginning. */
  private async dlq(): Promise<TopicTap> {
    this.deadLetters ??= await this.service.tap(deadLetterTopic(this.service.group), {
      fromBeginning: true,
    });
    return this.deadLetters;
  }

  /** Stops the service and the sender; removes the database, groups and topics. */
  stop(): Promise<void> {
    return this.service.stop();
  }
}
