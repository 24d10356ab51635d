import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeadLetter, StoredHeader } from './dead-letter.js';
import type { DlqFilter, DlqListQuery, DlqStatus } from './dlq-requests.js';

/** A stored dead letter with its bytes, status and replays. */
export interface StoredDeadLetter extends DeadLetter {
  readonly id: string;
  readonly status: DlqStatus;
  /** When the payload (`value`) was purged after DLQ_RETENTION_DAYS; null while kept. */
  readonly payloadPurgedAt: Date | null;
  readonly park: { readonly reason: string; readonly by: string; readonly at: Date } | null;
  readonly replays: readonly { at: Date; by: string; result: string; replayTopic: string }[];
}

interface EntryRow {
  id: string;
  group_id: string;
  dlq_topic: string;
  partition: number;
  offset: string;
  original_topic: string | null;
  original_partition: number | null;
  original_offset: string | null;
  key: Buffer | null;
  value: Buffer | null;
  headers: StoredHeader[];
  record_name: string | null;
  error_class: string | null;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  failed_at: Date | null;
  status: DlqStatus;
  park_reason: string | null;
  parked_by: string | null;
  parked_at: Date | null;
  payload_purged_at: Date | null;
}

/** `$n` conditions of a filter, from parameter `first` on. */
function where(filter: DlqFilter, first: number): { sql: string; args: unknown[] } {
  const conditions: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, value: unknown): void => {
    args.push(value);
    conditions.push(sql.replace('?', `$${first + args.length - 1}`));
  };
  if (filter.group !== undefined) add('group_id = ?', filter.group);
  if (filter.errorClass !== undefined) add('error_class = ?', filter.errorClass);
  if (filter.topic !== undefined) add('original_topic = ?', filter.topic);
  if (filter.since !== undefined) add('COALESCE(failed_at, received_at) >= ?', filter.since);
  return { sql: conditions.length > 0 ? conditions.join(' AND ') : 'TRUE', args };
}

/** The dead letters read from every `<group>.dlq` topic, and what was done with them. */
@Injectable()
export class DlqStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a dead letter once per DLQ topic position (a record read again is a no-op). */
  async insert(letter: DeadLetter): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO dlq_entry (group_id, dlq_topic, partition, "offset", original_topic, original_partition,
         original_offset, key, value, headers, record_name, error_class, error_code, error_message,
         attempts, failed_at, status, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'OPEN', now())
       ON CONFLICT (dlq_topic, partition, "offset") DO NOTHING`,
      [
        letter.group,
        letter.dlqTopic,
        letter.partition,
        letter.offset,
        letter.originalTopic,
        letter.originalPartition,
        letter.originalOffset,
        letter.key,
        letter.value,
        JSON.stringify(letter.headers),
        letter.recordName,
        letter.errorClass,
        letter.errorCode,
        letter.errorMessage,
        letter.attempts,
        letter.failedAt,
      ],
    );
  }

  /** A page, newest first, and whether more follow. */
  async list(query: DlqListQuery): Promise<{ items: StoredDeadLetter[]; more: boolean }> {
    const { sql, args } = where(query, 1);
    const extra: unknown[] = [];
    let more = '';
    if (query.status !== undefined) {
      extra.push(query.status);
      more += ` AND status = $${args.length + extra.length}`;
    }
    if (query.before !== undefined) {
      extra.push(query.before);
      more += ` AND id < $${args.length + extra.length}`;
    }
    extra.push(query.limit + 1);
    const rows = await this.dataSource.query<EntryRow[]>(
      `SELECT * FROM dlq_entry WHERE ${sql}${more} ORDER BY id DESC LIMIT $${args.length + extra.length}`,
      [...args, ...extra],
    );
    const page = rows.slice(0, query.limit);
    return { items: await this.withReplays(page), more: rows.length > query.limit };
  }

  async get(id: string): Promise<StoredDeadLetter | undefined> {
    const rows = await this.dataSource.query<EntryRow[]>('SELECT * FROM dlq_entry WHERE id = $1', [
      id,
    ]);
    return (await this.withReplays(rows))[0];
  }

  /** Ids of the OPEN dead letters matching `filter` whose payload is kept, oldest first. */
  async openMatching(filter: DlqFilter): Promise<string[]> {
    const { sql, args } = where(filter, 1);
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM dlq_entry WHERE status = 'OPEN' AND payload_purged_at IS NULL AND ${sql} ORDER BY id`,
      args,
    );
    return rows.map((r) => r.id);
  }

  /** Records a replay; a sent one makes the entry REPLAYED. */
  async recordReplay(
    id: string,
    by: string,
    result: string,
    replayTopic: string,
    sent: boolean,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        'INSERT INTO dlq_replay (entry_id, at, by, result, replay_topic) VALUES ($1, now(), $2, $3, $4)',
        [id, by, result, replayTopic],
      );
      if (sent) await manager.query(`UPDATE dlq_entry SET status = 'REPLAYED' WHERE id = $1`, [id]);
    });
  }

  /** PARKED with its reason (and who); false when there is no such entry. */
  async park(id: string, reason: string, by: string): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, count].
    const [, parked]: [unknown, number] = await this.dataSource.query(
      `UPDATE dlq_entry SET status = 'PARKED', park_reason = $2, parked_by = $3, parked_at = now()
       WHERE id = $1`,
      [id, reason, by],
    );
    return parked > 0;
  }

  /**
   * Drops the payload of up to `limit` entries read before `cutoff` (oldest first; rows another
   * purge holds are skipped); returns how many.
   */
  async purgePayloads(cutoff: Date, limit: number): Promise<number> {
    const [, purged]: [unknown, number] = await this.dataSource.query(
      `UPDATE dlq_entry SET value = NULL, payload_purged_at = now()
       WHERE id IN (SELECT id FROM dlq_entry WHERE payload_purged_at IS NULL AND received_at < $1
                    ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [cutoff, limit],
    );
    return purged;
  }

  /** OPEN entries per group (the depth gauge). */
  async depth(): Promise<{ group: string; count: number }[]> {
    const rows = await this.dataSource.query<{ group_id: string; n: string }[]>(
      `SELECT group_id, count(*) AS n FROM dlq_entry WHERE status = 'OPEN' GROUP BY group_id`,
    );
    return rows.map((r) => ({ group: r.group_id, count: Number(r.n) }));
  }

  private async withReplays(rows: EntryRow[]): Promise<StoredDeadLetter[]> {
    if (rows.length === 0) return [];
    const replays = await this.dataSource.query<
      { entry_id: string; at: Date; by: string; result: string; replay_topic: string }[]
    >(
      'SELECT entry_id, at, by, result, replay_topic FROM dlq_replay WHERE entry_id = ANY($1) ORDER BY id',
      [rows.map((r) => r.id)],
    );
    return rows.map((r) => ({
      id: r.id,
      group: r.group_id,
      dlqTopic: r.dlq_topic,
      partition: r.partition,
      offset: r.offset,
      originalTopic: r.original_topic,
      originalPartition: r.original_partition,
      originalOffset: r.original_offset,
      key: r.key,
      value: r.value,
      headers: r.headers,
      recordName: r.record_name,
      errorClass: r.error_class,
      errorCode: r.error_code,
      errorMessage: r.error_message,
      attempts: r.attempts,
      failedAt: r.failed_at,
      status: r.status,
      payloadPurgedAt: r.payload_purged_at,
      park:
        r.park_reason !== null && r.parked_by !== null && r.parked_at !== null
          ? { reason: r.park_reason, by: r.parked_by, at: r.parked_at }
          : null,
      replays: replays
        .filter((p) => p.entry_id === r.id)
        .map((p) => ({ at: p.at, by: p.by, result: p.result, replayTopic: p.replay_topic })),
    }));
  }
}
