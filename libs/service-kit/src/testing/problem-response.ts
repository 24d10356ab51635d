import assert from 'node:assert/strict';
import { PROBLEM_JSON } from '../problem/problem-details.js';
import type { ProblemDetails } from '../problem/problem-details.js';

/** The JSON body of a response that must have `status` (the body is in the failure message). */
export async function bodyOf<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  return JSON.parse(text) as T;
}

/** The problem+json of a response that must have `status` (in its body too), a type and a title. */
export async function problemOf(response: Response, status: number): Promise<ProblemDetails> {
  const problem = await bodyOf<ProblemDetails>(response, status);
  assert.equal(response.headers.get('content-type')?.split(';')[0], PROBLEM_JSON);
  assert.equal(problem.status, status);
  assert.equal(typeof problem.title, 'string');
  assert.equal(typeof problem.type, 'string');
  return problem;
}

/** The fields a 400 problem names, in its order. */
export async function problemFields(response: Response): Promise<string[]> {
  const problem = await problemOf(response, 400);
  return (problem.errors ?? []).map((e) => e.field);
}
