import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidRequestException, ProblemException } from '../problem/problem-details.js';
import { isCsv, pathKeyErrors, readImport, readPut, rowError, rowsRefused } from './bulk-import.js';
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

function problemOf(run: () => unknown): {
  status: number;
  fields: string[];
  rows: unknown[];
  errors: string[];
} {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ProblemException, String(error));
    const errors = error instanceof InvalidRequestException ? (error.problem.errors ?? []) : [];
    return {
      status: error.getStatus(),
      fields: errors.map((e) => e.field),
      rows: errors.map((e) => e.row),
      errors: errors.map((e) => `${e.field}: ${e.message}`),
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

interface Plan {
  readonly payerId: string;
  readonly planId: string;
  readonly gtin?: string;
}

/** Plans keyed by payer and plan, with a cross-row rule of their own on `gtin`. */
const plans: ImportSpec<Plan> = {
  what: 'plan',
  maxRows: 10,
  listField: 'plans',
  columns: ['payerId', 'planId', 'gtin'],
  key: ['payerId', 'planId'],
  validateRow: (row) =>
    typeof row['planId'] === 'string'
      ? { ok: true, value: row as unknown as Plan }
      : { ok: false, errors: [{ field: 'planId', message: 'is required' }] },
  checkRows: (rows) => {
    const seen = new Map<string, number>();
    return rows.flatMap(({ row, value }) => {
      const first = value.gtin === undefined ? undefined : seen.get(value.gtin);
      if (value.gtin !== undefined && first === undefined) seen.set(value.gtin, row);
      return first === undefined ? [] : [rowError(row, 'gtin', `is in row ${first} too`)];
    });
  },
};

describe('rowError and isCsv', () => {
  test('names a field of a row as readImport does', () => {
    assert.deepEqual(rowError(3, 'unitPrice', 'is required'), {
      field: 'row 3: unitPrice',
      row: 3,
      message: 'is required',
    });
  });

  test('tells a CSV body by its media type, parameters and case aside', () => {
    assert.equal(isCsv('Text/CSV; charset=utf-8'), true);
    assert.equal(isCsv('application/json'), false);
    assert.equal(isCsv(undefined), false);
  });
});

describe('readImport: a key and rules across rows', () => {
  test('refuses a key given twice, naming the later row and the last key field', () => {
    const problem = problemOf(() =>
      readImport(
        [
          { payerId: 'AETNA', planId: 'PPO' },
          { payerId: 'BCBS', planId: 'PPO' },
          { payerId: 'AETNA', planId: 'PPO' },
        ],
        undefined,
        plans,
      ),
    );
    assert.equal(problem.status, 400);
    assert.deepEqual(problem.errors, ['row 3: planId: repeats row 1']);
    assert.deepEqual(problem.rows, [3]);
  });

  test('answers repeated keys and checkRows problems in one 400, by row', () => {
    const problem = problemOf(() =>
      readImport(
        [
          { payerId: 'A', planId: 'P', gtin: '1' },
          { payerId: 'B', planId: 'P', gtin: '1' },
          { payerId: 'A', planId: 'P', gtin: '1' },
        ],
        undefined,
        plans,
      ),
    );
    assert.deepEqual(problem.errors, [
      'row 2: gtin: is in row 1 too',
      'row 3: planId: repeats row 1',
    ]);
  });

  test('checks across rows only when every row is valid', () => {
    const problem = problemOf(() =>
      readImport(
        [{ payerId: 'A', planId: 'P' }, { payerId: 'A', planId: 'P' }, { payerId: 'A' }],
        undefined,
        plans,
      ),
    );
    assert.deepEqual(problem.errors, ['row 3: planId: is required']);
  });
});

describe('readPut', () => {
  test('takes the key of the path, which the body may repeat', () => {
    assert.deepEqual(readPut(payers, { payerId: 'AETNA' }, { name: 'Aetna' }), {
      payerId: 'AETNA',
      name: 'Aetna',
    });
    assert.deepEqual(readPut(payers, { payerId: 'AETNA' }, { payerId: 'AETNA', name: 'Aetna' }), {
      payerId: 'AETNA',
      name: 'Aetna',
    });
  });

  test('names a key the body contradicts with every other invalid field', () => {
    assert.deepEqual(
      problemOf(() => readPut(payers, { payerId: 'AETNA' }, { payerId: 'BCBS' })).errors,
      ['payerId: must be the payerId of the path, AETNA, or left out', 'name: is required'],
    );
    assert.deepEqual(problemOf(() => readPut(payers, { payerId: 'a b' }, { name: 'x' })).errors, [
      'payerId: must be a code',
    ]);
    assert.deepEqual(
      problemOf(() => readPut(payers, { payerId: 'a b' }, { payerId: 'AETNA' })).errors,
      ['payerId: must be the payerId of the path, a b, or left out', 'name: is required'],
    );
  });

  test('refuses a body that is not a JSON object', () => {
    assert.deepEqual(problemOf(() => readPut(payers, { payerId: 'AETNA' }, [])).errors, [
      'body: must be a JSON object (one payer)',
    ]);
  });

  test('pathKeyErrors names each key field of the path the body gives another value', () => {
    assert.deepEqual(
      pathKeyErrors({ facilityId: 'MGH', unitId: '7N' }, { facilityId: 'MGH', unitId: '8N' }),
      [{ field: 'unitId', message: 'must be the unitId of the path, 7N, or left out' }],
    );
  });
});

describe('rowsRefused', () => {
  test('answers the refused rows of a write as one problem naming and listing each', () => {
    const cause = new Error('one GTIN on two items');
    const problem = rowsRefused(
      409,
      { type: 'urn:x:gtin-conflict', title: 'GTIN already on another item' },
      [rowError(3, 'gtins', 'is on ITM-1'), rowError(5, 'gtins', 'is on ITM-2')],
      cause,
    );
    assert.equal(problem.getStatus(), 409);
    assert.equal(problem.cause, cause);
    assert.deepEqual(problem.problem, {
      type: 'urn:x:gtin-conflict',
      title: 'GTIN already on another item',
      status: 409,
      detail: 'row 3: gtins: is on ITM-1; row 5: gtins: is on ITM-2',
      errors: [
        { field: 'row 3: gtins', row: 3, message: 'is on ITM-1' },
        { field: 'row 5: gtins', row: 5, message: 'is on ITM-2' },
      ],
    });
  });
});
