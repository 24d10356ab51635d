import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { invalidFields } from '@meridian/service-kit/testing';
import { parseMessageQuery } from './messages.requests.js';

/** The fields the 400 of `run` names, sorted. */
const fieldsOf = (run: () => unknown): string[] => invalidFields(run).sort();

describe('message store queries', () => {
  test('default to the 50 newest messages', () => {
    assert.deepEqual(parseMessageQuery({}), { limit: 50 });
  });

  test('read status, control id, encounter id and limit', () => {
    assert.deepEqual(
      parseMessageQuery({
        status: 'REJECTED',
        controlId: ' MSG1 ',
        encounterId: 'V000123',
        limit: '5',
      }),
      { limit: 5, status: 'REJECTED', controlId: 'MSG1', encounterId: 'V000123' },
    );
  });

  test('name every invalid or unknown parameter at once', () => {
    assert.deepEqual(
      fieldsOf(() =>
        parseMessageQuery({
          status: 'DONE',
          limit: '501',
          controlId: ['a', 'b'],
          encounterId: '',
          sort: 'asc',
        }),
      ),
      ['controlId', 'encounterId', 'limit', 'sort', 'status'],
    );
    assert.deepEqual(
      fieldsOf(() => parseMessageQuery({ limit: 'ten' })),
      ['limit'],
    );
  });
});
