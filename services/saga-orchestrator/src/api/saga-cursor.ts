import { isUuid } from '@meridian/service-kit';

/**
 * Where a page of sagas ends: the last item's `started_at` (PostgreSQL's microseconds, which a
 * JavaScript Date would cut to milliseconds and so skip rows) and its id. Opaque to clients:
 * base64url of `<started_at>|<id>`.
 */
export interface SagaCursor {
  /** UTC, `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
  readonly startedAt: string;
  readonly id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function encodeCursor(cursor: SagaCursor): string {
  return Buffer.from(`${cursor.startedAt}|${cursor.id}`, 'utf8').toString('base64url');
}

/** The cursor, or undefined when `raw` is not one this API issued. */
export function decodeCursor(raw: string): SagaCursor | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) return undefined;
  const [startedAt, id, ...rest] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (startedAt === undefined || id === undefined || rest.length > 0) return undefined;
  if (!TIMESTAMP.test(startedAt) || Number.isNaN(Date.parse(startedAt)) || !isUuid(id))
    return undefined;
  return { startedAt, id: id.toLowerCase() };
}
