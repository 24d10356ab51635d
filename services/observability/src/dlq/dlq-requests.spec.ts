import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { invalidFields } from '@meridian/service-kit/testing';
import {
  encodeDlqCursor,
  parseBulkReplayBody,
  parseDlqListQuery,
  parseParkBody,
} from './dlq-requests.js';

describe('DLQ requests', () => {
  test('the list query reads filters, the cursor it issued and the limit', () => {
    const query = parseDlqListQuery({
      group: 'revenue-cycle',
      since: '2026-12-06T01:00:00Z',
      status: 'OPEN',
      cursor: encodeDlqCursor('17'),
      limit: '10',
    });
    assert.equal(query.group, 'revenue-cycle');
    assert.equal(query.since?.toISOString(), '2026-12-06T01:00:00.000Z');
    assert.equal(query.before, '17');
    assert.equal(query.limit, 10);
  });

  test('a bad list query names each bad parameter', () => {
    assert.deepEqual(
      invalidFields(() =>
        parseDlqListQuery({ since: 'yesterday', status: 'GONE', cursor: '!!', x: '1' }),
      ),
      ['x', 'since', 'status', 'cursor'],
    );
  });

  test('the bulk replay needs a filter object and dryRun, and names bad filter fields', () => {
    assert.deepEqual(
      invalidFields(() => parseBulkReplayBody({})),
      ['dryRun', 'filter'],
    );
    assert.deepEqual(
      invalidFields(() =>
        parseBulkReplayBody({ dryRun: true, filter: { since: 'soon', group: 3 } }),
      ).sort(),
      ['filter.group', 'filter.since'],
    );
    const ok = parseBulkReplayBody({ dryRun: false, filter: { group: 'g1' } });
    assert.deepEqual(ok, {
      filter: { group: 'g1', errorClass: undefined, topic: undefined, since: undefined },
      dryRun: false,
    });
    // Who replays is the caller's token, never the body.
    assert.deepEqual(
      invalidFields(() => parseBulkReplayBody({ dryRun: true, filter: {}, by: 'someone' })),
      ['by'],
    );
  });

  test('parking needs a reason', () => {
    assert.deepEqual(
      invalidFields(() => parseParkBody({})),
      ['reason'],
    );
    assert.equal(parseParkBody({ reason: ' poison message ' }).reason, 'poison message');
    assert.deepEqual(
      invalidFields(() => parseParkBody({ reason: 'x', by: 'someone' })),
      ['by'],
    );
  });
});
