import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BedStatus } from '@meridian/contracts';

/** The result fields of a ReleaseBedReply or RestoreBedReply. */
export interface BedCommandResult {
  readonly bedStatus: BedStatus | null;
  readonly unitCensus: number | null;
}

/**
 * The answer given to a saga command, by (saga, step, command): the orchestrator resends a command
 * after a reply timeout with a new message id, and gets the same answer without the work redone.
 */
@Entity({ name: 'saga_command_result' })
export class SagaCommandResult {
  @PrimaryColumn({ name: 'saga_id', type: 'uuid' })
  sagaId!: string;

  @PrimaryColumn({ name: 'step_name', type: 'text' })
  stepName!: string;

  /** Record name of the command, e.g. health.meridian.workforce.ReleaseBed. */
  @PrimaryColumn({ type: 'text' })
  command!: string;

  @Column({ name: 'command_message_id', type: 'uuid' })
  commandMessageId!: string;

  @Column({ name: 'encounter_id', type: 'text' })
  encounterId!: string;

  @Column({ type: 'jsonb' })
  result!: BedCommandResult;

  @Column({ name: 'answered_at', type: 'timestamptz' })
  answeredAt!: Date;
}
