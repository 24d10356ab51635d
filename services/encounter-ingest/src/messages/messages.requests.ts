import { InvalidRequestException } from '@meridian/service-kit';
import type { FieldError } from '@meridian/service-kit';
import { MESSAGE_STATUSES } from '../ingest/protocol.js';
import type { MessageStatus } from '../ingest/protocol.js';
import type { MessageFilter } from './message-store.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
const MAX_TEXT = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id: the uuid (lower case), or a 400 naming `id`. */
export function requireMessageId(value: string): string {
  if (!UUID.test(value))
    throw new InvalidRequestException([{ field: 'id', message: 'must be a UUID' }]);
  return value.toLowerCase();
}

/**
 * `GET /messages?status=&controlId=&encounterId=&limit=`: the filter, or one 400 naming every
 * invalid or unknown parameter.
 */
export function parseMessageQuery(query: Readonly<Record<string, unknown>>): MessageFilter {
  const errors: FieldError[] = Object.keys(query)
    .filter((name) => !['status', 'controlId', 'encounterId', 'limit'].includes(name))
    .map((field) => ({ field, message: 'is not a known parameter' }));
  const textOf = (name: string): string | undefined => {
    const raw = query[name];
    if (raw === undefined) return undefined;
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (typeof raw !== 'string') errors.push({ field: name, message: 'must be given once' });
    else if (value === '' || value.length > MAX_TEXT)
      errors.push({ field: name, message: `must be 1 to ${MAX_TEXT} characters` });
    else return value;
    return undefined;
  };
  const status = textOf('status');
  if (status !== undefined && !MESSAGE_STATUSES.includes(status as MessageStatus))
    errors.push({ field: 'status', message: `must be one of ${MESSAGE_STATUSES.join(', ')}` });
  const limitText = textOf('limit');
  const limit =
    limitText === undefined ? DEFAULT_LIMIT : /^\d{1,4}$/.test(limitText) ? Number(limitText) : 0;
  if (limit < 1 || limit > MAX_LIMIT)
    errors.push({ field: 'limit', message: `must be an integer between 1 and ${MAX_LIMIT}` });
  const controlId = textOf('controlId');
  const encounterId = textOf('encounterId');
  if (errors.length > 0) throw new InvalidRequestException(errors);
  return {
    limit,
    ...(status ? { status: status as MessageStatus } : {}),
    ...(controlId ? { controlId } : {}),
    ...(encounterId ? { encounterId } : {}),
  };
}
