import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidRequestException, ProblemException } from '../problem/problem-details.js';
import { readImport } from './bulk-import.js';
import type { ImportSpec } from './bulk-import.js';

interface Payer {
  readonly payerId: string;
  readonly name: string;
}

const payers: ImportSpec<Payer> = {
  what: 'payer',
  maxRows: 3,
  listField: 'payers',
  columns: ['payerId', 'name'],
  validateRow: (row) => {
    const errors = [];
    const { payerId, name } = row;
    if (typeof payerId !== 'string' || !/^[A-Z0-9]+$/.test(payerId))
      errors.push({ field: 'payerId', message: 'must be a code' });
    if (typeof name !== 'string') errors.push({ field: 'name', message: 'is required' });
    return errors.length > 0
      ? { ok: false, errors }
      : { ok: true, value: { payerId: payerId as string, name: name as string } };
  },
};

function problemOf(run: () => unknown): { status: number; fields: string[]; rows: unknown[] } {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ProblemException, String(error));
    const errors = error instanceof InvalidRequestException ? (error.problem.errors ?? []) : [];
    return {
      status: error.getStatus(),
      fields: errors.map((e) => e.field),
      rows: errors.map((e) => e.row),
    };
  }
  assert.fail('expected a problem');
}

describe('readImport', () => {
  test('reads a CSV with a BOM, quoted cells and CRLF lines into numbered rows', () => {
    const csv = '\uFEFFpayerId,name\r\nAETNA,"Aetna, Inc."\r\n\r\nBCBS,Blue Cross\r\n';
    assert.deepEqual(readImport(csv, 'text/csv; charset=utf-8', payers), [
      { row: 1, value: { payerId: 'AETNA', name: 'Aetna, Inc.' } },
      { row: 2, value: { payerId: 'BCBS', name: 'Blue Cross' } },
    ]);
  });

  test('reads a bare JSON array and the list field of an object alike', () => {
    const rows = [{ payerId: 'AETNA', name: 'Aetna' }];
    assert.deepEqual(readImport(rows, 'application/json', payers), [{ row: 1, value: rows[0] }]);
    assert.deepEqual(readImport({ payers: rows }, 'application/json', payers), [
      { row: 1, value: rows[0] },
    ]);
  });

  test('names every invalid row and field at once, an empty cell being absent', () => {
    const csv = 'payerId,name\nAETNA,Aetna\nbad id,\nBCBS,Blue Cross\n';
    const problem = problemOf(() => readImport(csv, 'text/csv', payers));
    assert.equal(problem.status, 400);
    assert.deepEqual(problem.fields, ['row 2: payerId', 'row 2: name']);
    assert.deepEqual(problem.rows, [2, 2]);
  });

  test('names an unknown or repeated column in the header', () => {
    const problem = problemOf(() => readImport('payerId,nam,payerId\nA,B,C\n', 'text/csv', payers));
    assert.deepEqual(problem.fields, ['header: nam', 'header: payerId']);
  });

  test('names the line a malformed CSV breaks on', () => {
    const problem = problemOf(() => readImport('payerId,name\nA,"open\n', 'text/csv', payers));
    assert.equal(problem.status, 400);
    assert.match(problem.fields[0] ?? '', /^line \d+$/);
  });

  test('rejects a row that is not an object, an empty import and unknown body fields', () => {
    assert.deepEqual(problemOf(() => readImport([42], undefined, payers)).fields, ['row 1: row']);
    assert.deepEqual(problemOf(() => readImport([], undefined, payers)).fields, ['body']);
    assert.deepEqual(problemOf(() => readImport({ payers: [], x: 1 }, undefined, payers)).fields, [
      'x',
    ]);
    assert.deepEqual(problemOf(() => readImport('payerId\n', 'text/csv', payers)).fields, ['body']);
  });

  test('answers 413 above the most rows an import may carry', () => {
    const rows = Array.from({ length: 4 }, (_, i) => ({ payerId: `P${i}`, name: 'x' }));
    assert.equal(problemOf(() => readImport(rows, undefined, payers)).status, 413);
  });
});
