import { InvalidRequestException, PAGE_LIMIT, QueryParams } from '@meridian/service-kit';
import { parseTimestamp, TIMESTAMP_MESSAGE } from '../http/timestamp.js';

/** Where a page ends: the last record's time and sequence number (newest first). */
export interface AuditPosition {
  readonly occurredAt: Date;
  readonly seq: string;
}

/** `GET /audit`: by business key and/or caller, in a time range, a page at a time. */
export interface AuditQuery {
  readonly businessKey?: string | undefined;
  /** The caller's `sub` or username. */
  readonly subject?: string | undefined;
  readonly since?: Date | undefined;
  readonly until?: Date | undefined;
  /** Records after this position (the page before ended there). */
  readonly after?: AuditPosition | undefined;
  readonly limit: number;
}

/** Cursor of a page: base64url of `<occurredAt ISO>|<seq>` of its last record. */
export function encodeAuditCursor(position: AuditPosition): string {
  return Buffer.from(`${position.occurredAt.toISOString()}|${position.seq}`, 'utf8').toString(
    'base64url',
  );
}

function decodeAuditCursor(raw: string): AuditPosition | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) return undefined;
  const [at = '', seq = '', ...rest] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const occurredAt = parseTimestamp(at);
  return occurredAt && rest.length === 0 && /^[1-9]\d{0,18}$/.test(seq)
    ? { occurredAt, seq }
    : undefined;
}

/**
 * `GET /audit?businessKey=&subject=&since=&until=&limit=&cursor=`: `businessKey` or `subject` is
 * required (the trail is read about something or someone, never whole); a 400 names the field.
 */
export function parseAuditQuery(query: Readonly<Record<string, unknown>>): AuditQuery {
  const params = new QueryParams(query, [
    'businessKey',
    'subject',
    'since',
    'until',
    'limit',
    'cursor',
  ]);
  const parsed: AuditQuery = {
    businessKey: params.text('businessKey'),
    subject: params.text('subject'),
    since: params.parsed('since', parseTimestamp, TIMESTAMP_MESSAGE),
    until: params.parsed('until', parseTimestamp, TIMESTAMP_MESSAGE),
    after: params.parsed('cursor', decodeAuditCursor, 'is not a cursor this API issued'),
    limit: params.integer('limit', PAGE_LIMIT),
  };
  params.done();
  if (query['businessKey'] === undefined && query['subject'] === undefined) {
    throw new InvalidRequestException([
      { field: 'businessKey', message: 'is required unless subject is given' },
    ]);
  }
  return parsed;
}
