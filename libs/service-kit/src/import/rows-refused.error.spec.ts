import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rowsRefused } from './bulk-import.js';
import { RowsRefusedError } from './rows-refused.error.js';

describe('RowsRefusedError', () => {
  test('is a 409 by default, its message every refusal, its refusals by written row', () => {
    const refusals = [
      { index: 0, field: 'gtins', message: '0884521987657 is on ITM-1' },
      { index: 2, field: 'gtins', message: '0884521987664 is on ITM-2' },
    ];
    const error = new RowsRefusedError(refusals);
    assert.equal(error.status, 409);
    assert.equal(error.name, 'RowsRefusedError');
    assert.equal(error.message, '0884521987657 is on ITM-1; 0884521987664 is on ITM-2');
    assert.deepEqual(error.refusals, refusals);
  });

  test('carries a 400 when a row names what does not exist, and becomes its problem', () => {
    const error = new RowsRefusedError(
      [{ index: 1, field: 'account', message: 'is unknown' }],
      400,
    );
    const problem = rowsRefused(
      error.status,
      { type: 'urn:test:refused', title: 'Refused' },
      error.refusals.map((r) => ({ field: `row ${r.index + 1}: ${r.field}`, message: r.message })),
      error,
    );
    assert.equal(problem.getStatus(), 400);
    assert.equal(problem.problem.detail, 'row 2: account: is unknown');
    assert.equal(problem.cause, error);
  });
});
