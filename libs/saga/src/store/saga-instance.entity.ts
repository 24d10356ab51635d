import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Direction, HistoryEntry, Incident, SagaFailure, SagaStatus } from '../state.js';

/** One saga instance: where it stands, what it accumulated, and every step it took. */
@Entity({ name: 'saga_instance' })
@Index('saga_instance_business_key', ['businessKey'])
@Index('saga_instance_type_status', ['sagaType', 'status'])
export class SagaInstance {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'saga_type', type: 'text' })
  sagaType!: string;

  /** The definition version the instance started with, and keeps until it ends. */
  @Column({ name: 'definition_version', type: 'int' })
  definitionVersion!: number;

  @Column({ name: 'business_key', type: 'text' })
  businessKey!: string;

  /** Business key or trigger message id, per the definition's start policy; unique while live. */
  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey!: string;

  @Column({ name: 'trigger_message_id', type: 'uuid' })
  triggerMessageId!: string;

  @Column({ type: 'text' })
  status!: SagaStatus;

  @Column({ name: 'step_index', type: 'int' })
  stepIndex!: number;

  @Column({ type: 'text' })
  direction!: Direction;

  @Column({ type: 'int' })
  attempt!: number;

  /** The saga's accumulated data (SagaData: JSON); typed loosely here as the database row is. */
  @Column({ type: 'jsonb' })
  data!: Readonly<Record<string, unknown>>;

  @Column({ name: 'pending_command_id', type: 'uuid', nullable: true })
  pendingCommandId!: string | null;

  @Column({ name: 'last_error', type: 'jsonb', nullable: true })
  lastError!: SagaFailure | null;

  /** While SUSPENDED: since when, and the automatic retries so far. */
  @Column({ type: 'jsonb', nullable: true })
  incident!: Incident | null;

  @Column({ type: 'jsonb' })
  history!: HistoryEntry[];

  /** W3C trace context of the trigger, so timer-driven steps join the saga's trace. */
  @Column({ name: 'trace_context', type: 'jsonb' })
  traceContext!: Record<string, string>;

  /** Optimistic lock: every update checks it and adds one (the engine does, not TypeORM). */
  @Column({ name: 'state_version', type: 'int' })
  stateVersion!: number;

  @CreateDateColumn({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
