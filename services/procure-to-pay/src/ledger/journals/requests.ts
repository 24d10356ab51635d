import { InvalidRequestException, PAGE_LIMIT, QueryParams } from '@meridian/service-kit';
import { JOURNAL_ID } from './journal-builder.js';
import { JOURNAL_STATUSES } from './journal.entities.js';
import type { JournalStatus } from './journal.entities.js';

/** `GET /journals?sourceId=&encounterId=&status=&limit=` */
export interface ListJournalsQuery {
  readonly sourceId: string | undefined;
  readonly encounterId: string | undefined;
  readonly status: JournalStatus | undefined;
  readonly limit: number;
}

export function parseListJournalsQuery(
  query: Readonly<Record<string, unknown>>,
): ListJournalsQuery {
  const params = new QueryParams(query, ['sourceId', 'encounterId', 'status', 'limit']);
  const parsed: ListJournalsQuery = {
    sourceId: params.text('sourceId'),
    encounterId: params.text('encounterId'),
    status: params.oneOf('status', JOURNAL_STATUSES),
    limit: params.integer('limit', PAGE_LIMIT),
  };
  params.done();
  return parsed;
}

/** A path journal id (`JE-<yyyymmdd>-<8 hex>`), or a 400 naming `journalId`. */
export function requireJournalId(value: string): string {
  if (!JOURNAL_ID.test(value)) {
    throw new InvalidRequestException([
      { field: 'journalId', message: 'must look like JE-<yyyymmdd>-<8 hex digits>' },
    ]);
  }
  return value;
}
