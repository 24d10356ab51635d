import { PAGE_LIMIT, QueryParams } from '@meridian/service-kit';
import { MESSAGE_STATUSES } from '../ingest/protocol.js';
import type { MessageFilter } from './message-store.js';

/** `limit` of `GET /messages`: up to 500 (an operator's look at a burst), 50 by default. */
export const MESSAGE_LIMIT = { ...PAGE_LIMIT, max: 500 } as const;

/**
 * `GET /messages?status=&controlId=&encounterId=&limit=`: the filter, or one 400 naming every
 * invalid or unknown parameter.
 */
export function parseMessageQuery(query: Readonly<Record<string, unknown>>): MessageFilter {
  const params = new QueryParams(query, ['status', 'controlId', 'encounterId', 'limit']);
  const status = params.oneOf('status', MESSAGE_STATUSES);
  const limit = params.integer('limit', MESSAGE_LIMIT);
  const controlId = params.text('controlId');
  const encounterId = params.text('encounterId');
  params.done();
  return {
    limit,
    ...(status ? { status } : {}),
    ...(controlId ? { controlId } : {}),
    ...(encounterId ? { encounterId } : {}),
  };
}
