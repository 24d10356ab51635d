import assert from 'node:assert/strict';
import { InvalidRequestException } from '../problem/problem-details.js';
import type { FieldError } from '../problem/problem-details.js';

/** The field errors of the 400 (`InvalidRequestException`) `run` throws; fails if it throws none. */
export function invalidRequestErrors(run: () => unknown): readonly FieldError[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof InvalidRequestException, String(error));
    return error.problem.errors ?? [];
  }
  assert.fail('expected a 400 InvalidRequestException');
}

/** The fields (`row 2: name`, `body`, ...) the 400 `run` throws names, in its order. */
export function invalidFields(run: () => unknown): string[] {
  return invalidRequestErrors(run).map((e) => e.field);
}
