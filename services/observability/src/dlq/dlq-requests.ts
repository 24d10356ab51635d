import { InvalidRequestException, PAGE_LIMIT, QueryParams } from '@meridian/service-kit';
import type { FieldError } from '@meridian/service-kit';
import { parseTimestamp, TIMESTAMP_MESSAGE } from '../http/timestamp.js';

export const DLQ_STATUSES = ['OPEN', 'REPLAYED', 'PARKED', 'RESOLVED'] as const;
export type DlqStatus = (typeof DLQ_STATUSES)[number];

/** Which dead letters: by group, error class, original topic and failure time (from `since`). */
export interface DlqFilter {
  readonly group?: string | undefined;
  readonly errorClass?: string | undefined;
  readonly topic?: string | undefined;
  readonly since?: Date | undefined;
}

export interface DlqListQuery extends DlqFilter {
  readonly status?: DlqStatus | undefined;
  /** Entries with a smaller id than this (the page before ended there). */
  readonly before?: string | undefined;
  readonly limit: number;
}

const MAX_TEXT = 200;
const MAX_REASON = 1_000;

/** Cursor of a page: base64url of the last entry's id. */
export function encodeDlqCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

function decodeDlqCursor(raw: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) return undefined;
  const id = Buffer.from(raw, 'base64url').toString('utf8');
  return /^[1-9]\d{0,18}$/.test(id) ? id : undefined;
}

/** `GET /dlq?group=&errorClass=&topic=&since=&status=&cursor=&limit=` */
export function parseDlqListQuery(query: Readonly<Record<string, unknown>>): DlqListQuery {
  const params = new QueryParams(query, [
    'group',
    'errorClass',
    'topic',
    'since',
    'status',
    'cursor',
    'limit',
  ]);
  const parsed: DlqListQuery = {
    group: params.text('group'),
    errorClass: params.text('errorClass'),
    topic: params.text('topic'),
    since: params.parsed('since', parseTimestamp, TIMESTAMP_MESSAGE),
    status: params.oneOf('status', DLQ_STATUSES),
    before: params.parsed('cursor', decodeDlqCursor, 'is not a cursor this API issued'),
    limit: params.integer('limit', PAGE_LIMIT),
  };
  params.done();
  return parsed;
}

/** A dead letter's id in a path: its sequence number, or a 400 naming `id`. */
export function parseDlqId(raw: string): string {
  if (!/^[1-9]\d{0,18}$/.test(raw))
    throw new InvalidRequestException([
      { field: 'id', message: 'must be a dead letter id (a positive integer)' },
    ]);
  return raw;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a JSON body's fields, collecting every problem (as QueryParams does for queries). */
class BodyFields {
  readonly errors: FieldError[] = [];

  constructor(
    private readonly body: Record<string, unknown>,
    known: readonly string[],
    private readonly prefix = '',
  ) {
    for (const name of Object.keys(body))
      if (!known.includes(name)) this.fail(name, 'is not a known field');
  }

  text(name: string, max: number, required = false): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) {
      if (required) this.fail(name, 'is required');
      return undefined;
    }
    if (typeof value !== 'string' || value.trim().length === 0)
      return this.fail(name, 'must be a non-blank string');
    if (value.length > max) return this.fail(name, `must be at most ${max} characters`);
    return value.trim();
  }

  fail(name: string, message: string): undefined {
    this.errors.push({ field: `${this.prefix}${name}`, message });
    return undefined;
  }

  get(name: string): unknown {
    return this.body[name];
  }
}

function fieldsOf(body: unknown, known: readonly string[]): BodyFields {
  if (body !== undefined && !isObject(body))
    throw new InvalidRequestException([{ field: '(body)', message: 'must be a JSON object' }]);
  return new BodyFields(body ?? {}, known);
}

function done<T>(fields: BodyFields, value: T): T {
  if (fields.errors.length > 0) throw new InvalidRequestException(fields.errors);
  return value;
}

/** `POST /dlq/:id/replay` body: none, or `{}`. */
export function parseReplayBody(body: unknown): void {
  done(fieldsOf(body, []), undefined);
}

/** `POST /dlq/:id/park` body: `{ reason }`. */
export function parseParkBody(body: unknown): { reason: string } {
  const fields = fieldsOf(body, ['reason']);
  return done(fields, { reason: fields.text('reason', MAX_REASON, true) ?? '' });
}

/** `GET /dlq/:id?include=payload`: whether the decoded payload (PHI) is asked for. */
export function parseDlqEntryQuery(query: Readonly<Record<string, unknown>>): {
  payload: boolean;
} {
  const params = new QueryParams(query, ['include']);
  const include = params.oneOf('include', ['payload']);
  params.done();
  return { payload: include === 'payload' };
}

export interface BulkReplayRequest {
  readonly filter: DlqFilter;
  readonly dryRun: boolean;
}

/** `POST /dlq/replay` body: `{ filter: { group, errorClass, topic, since }, dryRun }`. */
export function parseBulkReplayBody(body: unknown): BulkReplayRequest {
  const fields = fieldsOf(body, ['filter', 'dryRun']);
  const dryRun = fields.get('dryRun');
  if (typeof dryRun !== 'boolean') fields.fail('dryRun', 'is required: true (count only) or false');
  const rawFilter = fields.get('filter');
  let filter: DlqFilter = {};
  if (!isObject(rawFilter)) {
    fields.fail('filter', 'is required: an object of group, errorClass, topic and since');
  } else {
    const f = new BodyFields(rawFilter, ['group', 'errorClass', 'topic', 'since'], 'filter.');
    const since = f.text('since', MAX_TEXT);
    filter = {
      group: f.text('group', MAX_TEXT),
      errorClass: f.text('errorClass', MAX_TEXT),
      topic: f.text('topic', MAX_TEXT),
      since:
        since === undefined
          ? undefined
          : (parseTimestamp(since) ?? f.fail('since', TIMESTAMP_MESSAGE)),
    };
    fields.errors.push(...f.errors);
  }
  return done(fields, { filter, dryRun: dryRun === true });
}
