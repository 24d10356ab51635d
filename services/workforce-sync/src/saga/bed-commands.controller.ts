import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  ReleaseBed,
  ReleaseBedReply,
  RestoreBed,
  RestoreBedReply,
  Topics,
} from '@meridian/contracts';
import type { RecordContract } from '@meridian/contracts';
import { OnMessage } from '@meridian/messaging';
import type { MessageContext } from '@meridian/messaging';
import { answerCommand } from '@meridian/saga';
import type { SagaCommand } from '@meridian/saga';
import type { EntityManager } from 'typeorm';
import { BedBoard } from '../bed-board/bed-board.js';
import { releaseBed, restoreBed } from './bed-release.js';
import { SagaCommandResult } from './saga-command-result.entity.js';
import type { BedCommandResult } from './saga-command-result.entity.js';

/** The saga commands of workforce-sync.commands.v1, answered on saga.replies.v1. */
@Controller()
export class BedCommandsController {
  constructor(private readonly board: BedBoard) {}

  /** discharge-to-revenue step 1: the discharged patient's bed to CLEANING, census down. */
  @OnMessage(Topics.WorkforceSyncCommandsV1, ReleaseBed)
  async releaseBed(@Payload() command: ReleaseBed, @Ctx() ctx: MessageContext): Promise<void> {
    await answerCommand(ctx, command, ReleaseBedReply, (manager) =>
      this.once(manager, command, ReleaseBed, () =>
        releaseBed(
          this.board.open(manager, ctx.publish, {
            at: command.dischargedAt,
            sagaId: command.sagaId,
          }),
          command.encounterId,
          command.location,
        ),
      ),
    );
  }

  /** Compensation of ReleaseBed (discharge cancelled): the bed back to the patient, census up. */
  @OnMessage(Topics.WorkforceSyncCommandsV1, RestoreBed)
  async restoreBed(@Payload() command: RestoreBed, @Ctx() ctx: MessageContext): Promise<void> {
    await answerCommand(ctx, command, RestoreBedReply, (manager) =>
      this.once(manager, command, RestoreBed, () =>
        restoreBed(
          this.board.open(manager, ctx.publish, { at: new Date(), sagaId: command.sagaId }),
          command.encounterId,
          command.location,
        ),
      ),
    );
  }

  /**
   * Runs `work` once per (saga, step, command): a resent command (new message id, after a reply
   * timeout) gets the stored answer. A rejection stores nothing (its savepoint rolls back).
   */
  private async once(
    manager: EntityManager,
    command: SagaCommand & { readonly encounterId: string },
    contract: RecordContract<unknown>,
    work: () => Promise<BedCommandResult>,
  ): Promise<BedCommandResult> {
    const results = manager.getRepository(SagaCommandResult);
    const key = { sagaId: command.sagaId, stepName: command.stepName, command: contract.fullName };
    const earlier = await results.findOneBy(key);
    if (earlier) return earlier.result;
    const result = await work();
    await results.insert({
      ...key,
      commandMessageId: command.envelope.messageId,
      encounterId: command.encounterId,
      result,
      answeredAt: new Date(),
    });
    return result;
  }
}
