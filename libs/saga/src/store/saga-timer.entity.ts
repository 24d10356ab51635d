import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Direction, TimerKind } from '../state.js';

/** A durable timer: fires after its due time even across restarts (the poller reads this table). */
@Entity({ name: 'saga_timer' })
@Index('saga_timer_due', ['dueAt'])
@Index('saga_timer_identity', ['sagaId', 'kind', 'stepIndex', 'direction', 'attempt'], {
  unique: true,
})
export class SagaTimer {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'saga_id', type: 'uuid' })
  sagaId!: string;

  @Column({ type: 'text' })
  kind!: TimerKind;

  @Column({ name: 'step_index', type: 'int' })
  stepIndex!: number;

  @Column({ type: 'text' })
  direction!: Direction;

  @Column({ type: 'int' })
  attempt!: number;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;
}
