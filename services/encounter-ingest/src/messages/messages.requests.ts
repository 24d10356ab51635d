import { PAGE_LIMIT, QueryParams } from '@meridian/service-kit';
import { MESSAGE_STATUSES } from '../ingest/protocol.js';
import type { DetailOptions } from './dto/message.dto.js';
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

/** What `include` of `GET /messages/:id` can ask for: the raw payload (PHI). */
export const DETAIL_INCLUDES = ['rawPayload'] as const;

/**
 * `GET /messages/:id?include=rawPayload`: whether the raw payload is shown, or a 400 naming an
 * invalid or unknown parameter. The payload is PHI: asking for it takes the role `phi-reader`
 * besides the route's (`requireRole` in the controller) and is audited as a PHI read.
 */
export function parseDetailQuery(query: Readonly<Record<string, unknown>>): DetailOptions {
  const params = new QueryParams(query, ['include']);
  const include = params.oneOf('include', DETAIL_INCLUDES);
  params.done();
  return { rawPayload: include === 'rawPayload' };
}
