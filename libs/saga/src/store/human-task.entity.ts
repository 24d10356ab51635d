import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type HumanTaskStatus = 'OPEN' | 'ESCALATED' | 'COMPLETED' | 'CANCELLED';

/** Work a saga waits on a person for (coding review, AP exception); completed through the API. */
@Entity({ name: 'saga_human_task' })
@Index('saga_human_task_open', ['status', 'queue'])
export class HumanTask {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'saga_id', type: 'uuid' })
  sagaId!: string;

  @Column({ name: 'step_name', type: 'text' })
  stepName!: string;

  @Column({ name: 'task_type', type: 'text' })
  taskType!: string;

  @Column({ type: 'text' })
  queue!: string;

  @Column({ type: 'text' })
  status!: HumanTaskStatus;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'jsonb', nullable: true })
  input!: Readonly<Record<string, unknown>> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
