import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toLocation } from './location.js';

describe('locations', () => {
  test('a location needs a unit; blank parts are null', () => {
    assert.deepEqual(
      toLocation({ unitId: '4W', roomId: '401', bedId: '', facilityId: undefined }),
      { facilityId: null, unitId: '4W', roomId: '401', bedId: null },
    );
    assert.equal(
      toLocation({ unitId: '', roomId: '401', bedId: 'A', facilityId: 'MGH' }),
      undefined,
    );
  });
});
