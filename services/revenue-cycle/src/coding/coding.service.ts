import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  CompleteCodingReply,
  EncounterCoded,
  Topics,
  type CodedBy,
  type CompleteCoding,
} from '@meridian/contracts';
import { DEFERRED, sendReply } from '@meridian/saga';
import type { Answer, CommandRef, ReplySender, ResultOf } from '@meridian/saga';
import { SERVICE_CONFIG, ServiceMessagingHost } from '@meridian/service-kit';
import { DataSource, In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app.config.js';
import type { Publish } from '../shared/publish.js';
import { CodingQueueItem } from './coding-queue-item.entity.js';
import type { CodingItemStatus } from './coding-queue-item.entity.js';
import {
  autoCode,
  codeProcedures,
  codingResult,
  DRG_GROUPER_VERSION,
  sequenceDiagnoses,
} from './coding-rules.js';
import type { CodingResult } from './coding-rules.js';
import type { CompleteCodingInput } from './complete-coding.request.js';
import { EncounterCoding } from './encounter-coding.entity.js';

/** `GET /coding-queue?status=&encounterId=&limit=` */
export interface CodingQueueQuery {
  readonly status: CodingItemStatus | undefined;
  readonly encounterId: string | undefined;
  readonly limit: number;
}

/** A queue item and, once completed, its coding. */
export interface CodingQueueEntry {
  readonly item: CodingQueueItem;
  readonly coding: EncounterCoding | null;
}

/** What a coding is for: a saga step of an encounter, from the queue or not. */
interface CodingOwner {
  readonly sagaId: string;
  readonly stepName: string;
  readonly encounterId: string;
  readonly queueItemId: string | null;
}

function replyResult(coding: EncounterCoding): ResultOf<CompleteCodingReply> {
  return {
    diagnoses: coding.diagnoses,
    procedures: coding.procedures,
    drgCode: coding.drgCode,
    codedBy: coding.codedBy,
    codedAt: coding.codedAt,
  };
}

/** Coding of discharged encounters: by the rules, or by a coder through the coding queue. */
@Injectable()
export class CodingService {
  private readonly logger = new Logger(CodingService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly host: ServiceMessagingHost,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * CompleteCoding: auto-codes an encounter with a principal diagnosis; otherwise queues it for a
   * coder and answers later (DEFERRED). A resent command of the same saga step never gets here:
   * `answerCommand` answers it with the kept coding, or waits on the open item.
   */
  async answer(
    manager: EntityManager,
    command: CompleteCoding,
    publish: Publish,
  ): Promise<Answer<CompleteCodingReply>> {
    const { sagaId, stepName, encounterId } = command;
    const auto = autoCode(command, this.config.facilityTimeZone);
    if (auto) {
      const owner = { sagaId, stepName, encounterId, queueItemId: null };
      return replyResult(await this.record(manager, publish, owner, auto, 'AUTO', null));
    }
    await manager.insert(CodingQueueItem, {
      id: randomUUID(),
      sagaId,
      stepName,
      commandMessageId: command.envelope.messageId,
      encounterId,
      patientClass: command.patientClass,
      diagnoses: [...command.diagnoses],
      procedures: command.procedures.map((p) => ({
        ...p,
        performedAt: p.performedAt.toISOString(),
      })),
      status: 'OPEN',
      createdAt: new Date(),
      closedAt: null,
    });
    this.logger.log({ msg: 'encounter queued for a coder', encounterId, sagaId });
    return DEFERRED;
  }

  /** Cancels the encounter's open queue items: its charges were reversed, its saga compensates. */
  async cancelOpen(manager: EntityManager, encounterId: string): Promise<void> {
    await manager.update(
      CodingQueueItem,
      { encounterId, status: 'OPEN' },
      { status: 'CANCELLED', closedAt: new Date() },
    );
  }

  /**
   * A coder's codes for an OPEN item, in one transaction: the item COMPLETED, EncounterCoded and
   * the saga's CompleteCodingReply (SUCCEEDED, codedBy CODER) through the outbox. 404 unknown,
   * 409 not OPEN.
   */
  async complete(id: string, input: CompleteCodingInput): Promise<CodingQueueEntry> {
    const entry = await this.host.messaging.outbox.transaction(async (manager, publish) => {
      const item = await manager.findOne(CodingQueueItem, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!item) throw new NotFoundException(`coding queue item ${id} does not exist`);
      if (item.status !== 'OPEN')
        throw new ConflictException(`coding queue item ${id} is ${item.status}, not OPEN`);
      const procedures =
        input.procedures?.map((p, index) => ({ ...p, sequence: index + 1 })) ??
        codeProcedures(item.procedures, this.config.facilityTimeZone);
      const result = codingResult(
        item.patientClass,
        sequenceDiagnoses(input.diagnoses),
        procedures,
      );
      item.status = 'COMPLETED';
      item.closedAt = new Date();
      await manager.update(
        CodingQueueItem,
        { id },
        { status: item.status, closedAt: item.closedAt },
      );
      const { sagaId, stepName, encounterId, commandMessageId } = item;
      const ref: CommandRef = { sagaId, stepName, commandMessageId };
      const send: ReplySender = (topic, contract, draft, options) =>
        publish(topic, contract, draft, { ...options, causationId: ref.commandMessageId });
      const owner = { sagaId, stepName, encounterId, queueItemId: id };
      const coding = await this.record(manager, publish, owner, result, 'CODER', input.coderId);
      await sendReply({ manager, publish: send }, CompleteCodingReply, ref, {
        outcome: 'SUCCEEDED',
        result: replyResult(coding),
      });
      return { item, coding };
    });
    this.logger.log({
      msg: 'coding completed by a coder',
      encounterId: entry.item.encounterId,
      sagaId: entry.item.sagaId,
    });
    return entry;
  }

  async list(query: CodingQueueQuery): Promise<CodingQueueEntry[]> {
    const items = await this.dataSource.getRepository(CodingQueueItem).find({
      where: {
        ...(query.status ? { status: query.status } : {}),
        ...(query.encounterId ? { encounterId: query.encounterId } : {}),
      },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: query.limit,
    });
    const codings =
      items.length === 0
        ? []
        : await this.dataSource
            .getRepository(EncounterCoding)
            .find({ where: { queueItemId: In(items.map((i) => i.id)) } });
    return items.map((item) => ({
      item,
      coding: codings.find((c) => c.queueItemId === item.id) ?? null,
    }));
  }

  async get(id: string): Promise<CodingQueueEntry> {
    const item = await this.dataSource.getRepository(CodingQueueItem).findOne({ where: { id } });
    if (!item) throw new NotFoundException(`coding queue item ${id} does not exist`);
    const coding = await this.dataSource
      .getRepository(EncounterCoding)
      .findOne({ where: { queueItemId: id } });
    return { item, coding };
  }

  /** Stores the final codes and publishes EncounterCoded. */
  private async record(
    manager: EntityManager,
    publish: Publish,
    owner: CodingOwner,
    result: CodingResult,
    codedBy: CodedBy,
    coderId: string | null,
  ): Promise<EncounterCoding> {
    const coding: EncounterCoding = {
      id: randomUUID(),
      sagaId: owner.sagaId,
      stepName: owner.stepName,
      encounterId: owner.encounterId,
      queueItemId: owner.queueItemId,
      ...result,
      codedBy,
      coderId,
      codedAt: new Date(),
    };
    await manager.insert(EncounterCoding, coding);
    await publish(
      Topics.RevenueCodingV1,
      EncounterCoded,
      {
        encounterId: coding.encounterId,
        diagnoses: coding.diagnoses,
        procedures: coding.procedures,
        drgCode: coding.drgCode,
        drgGrouperVersion: coding.drgCode === null ? null : DRG_GROUPER_VERSION,
        codedBy,
        coderId,
        codedAt: coding.codedAt,
        sagaId: coding.sagaId,
      },
      { key: coding.encounterId, correlationId: coding.sagaId },
    );
    return coding;
  }
}
