import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per message a consumer group has handled, written in the handler's transaction: a
 * redelivered message finds its row and changes nothing.
 */
@Entity({ name: 'messaging_processed_message' })
export class ProcessedMessage {
  @PrimaryColumn({ name: 'consumer_group', type: 'text' })
  consumerGroup!: string;

  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'int' })
  partition!: number;

  @Column({ type: 'bigint' })
  offset!: string;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}
