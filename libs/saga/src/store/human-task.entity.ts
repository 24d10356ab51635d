import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TaskAction } from '../state.js';

export type HumanTaskStatus = 'OPEN' | 'ESCALATED' | 'COMPLETED' | 'CANCELLED';

/**
 * Work a saga waits on a person for: a wait step's task (coding review), a work item opened by a
 * participant's rejection (a missing chargemaster row, an unknown implant, an AP exception) or a
 * compensation a participant refused. Completed through the API with retry, skip or compensate.
 */
@Entity({ name: 'saga_human_task' })
@Index('saga_human_task_open', ['status', 'team'])
@Index('saga_human_task_saga', ['sagaId'])
export class HumanTask {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'saga_id', type: 'uuid' })
  sagaId!: string;

  @Column({ name: 'saga_type', type: 'text' })
  sagaType!: string;

  @Column({ name: 'step_name', type: 'text' })
  stepName!: string;

  @Column({ name: 'task_type', type: 'text' })
  taskType!: string;

  /** The owning team's work queue, e.g. revenue-integrity, supply-chain, accounts-payable. */
  @Column({ type: 'text' })
  team!: string;

  @Column({ type: 'text' })
  status!: HumanTaskStatus;

  /** The rejection code that opened it; null for a wait step's task. */
  @Column({ name: 'reason_code', type: 'text', nullable: true })
  reasonCode!: string | null;

  /** Why, for the person working it (identifiers only). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** What is needed to fix it, from the rejection's details (e.g. unitId). */
  @Column({ type: 'jsonb', nullable: true })
  details!: Readonly<Record<string, string>> | null;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'jsonb', nullable: true })
  input!: Readonly<Record<string, unknown>> | null;

  /** What the person decided, and their note. */
  @Column({ type: 'text', nullable: true })
  action!: TaskAction | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
