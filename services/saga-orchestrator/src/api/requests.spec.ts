import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidRequestException, PAGE_LIMIT } from '@meridian/service-kit';
import type { FieldError } from '@meridian/service-kit';
import {
  parseCompleteTaskBody,
  parseListHumanTasksQuery,
  parseListSagasQuery,
} from './requests.js';
import { encodeCursor } from './saga-cursor.js';

/** The fields a 400 names, in order. */
function invalidFields(parse: () => unknown): FieldError[] {
  try {
    parse();
  } catch (error) {
    if (error instanceof InvalidRequestException) return [...(error.problem.errors ?? [])];
    throw error;
  }
  assert.fail('expected an InvalidRequestException');
}

describe('GET /sagas query', () => {
  test('has no filters and a page of 50 when nothing is given', () => {
    assert.deepEqual(parseListSagasQuery({}), {
      type: undefined,
      status: undefined,
      businessKey: undefined,
      limit: PAGE_LIMIT.default,
      cursor: undefined,
    });
  });

  test('reads every filter, the limit and the cursor', () => {
    const cursor = {
      startedAt: '2026-11-22T10:00:00.5Z',
      id: 'ad4b6c1e-0000-4000-8000-000000000001',
    };
    const query = parseListSagasQuery({
      type: 'discharge-to-revenue',
      status: 'FAILED',
      businessKey: ' ENC-1 ',
      limit: '200',
      cursor: encodeCursor(cursor),
    });
    assert.deepEqual(query, {
      type: 'discharge-to-revenue',
      status: 'FAILED',
      businessKey: 'ENC-1',
      limit: 200,
      cursor,
    });
  });

  test('names status when it is not a saga status', () => {
    assert.deepEqual(
      invalidFields(() => parseListSagasQuery({ status: 'BOGUS' })),
      [
        {
          field: 'status',
          message:
            'must be one of RUNNING, WAITING, COMPENSATING, COMPLETED, COMPENSATED, FAILED, SUSPENDED',
        },
      ],
    );
  });

  for (const limit of ['0', '201', '-1', '1.5', 'ten', '']) {
    test(`names limit when it is '${limit}'`, () => {
      assert.deepEqual(
        invalidFields(() => parseListSagasQuery({ limit })).map((e) => e.field),
        ['limit'],
      );
    });
  }

  test('names a cursor it did not issue, a repeated parameter and an unknown one, all at once', () => {
    const errors = invalidFields(() =>
      parseListSagasQuery({ cursor: 'abc', type: ['a', 'b'], sort: 'asc' }),
    );
    assert.deepEqual(errors, [
      { field: 'sort', message: 'is not a known parameter' },
      { field: 'type', message: 'must be given once' },
      { field: 'cursor', message: 'is not a cursor this API issued' },
    ]);
  });
});

describe('GET /human-tasks query', () => {
  test('lists the open tasks (open or escalated) of every team by default', () => {
    assert.deepEqual(parseListHumanTasksQuery({}), {
      statuses: ['OPEN', 'ESCALATED'],
      team: undefined,
      type: undefined,
      sagaType: undefined,
      limit: PAGE_LIMIT.default,
    });
  });

  test('filters by one status, a team, a task type and a saga type', () => {
    assert.deepEqual(
      parseListHumanTasksQuery({
        status: 'COMPLETED',
        team: 'revenue-integrity',
        type: 'CHARGEMASTER_ENTRY_MISSING',
        sagaType: 'discharge-to-revenue',
        limit: '5',
      }),
      {
        statuses: ['COMPLETED'],
        team: 'revenue-integrity',
        type: 'CHARGEMASTER_ENTRY_MISSING',
        sagaType: 'discharge-to-revenue',
        limit: 5,
      },
    );
  });

  test('names status when it is not a task status, and the old queue parameter', () => {
    assert.deepEqual(
      invalidFields(() => parseListHumanTasksQuery({ status: 'DONE', queue: 'coders' }))
        .map((e) => e.field)
        .sort(),
      ['queue', 'status'],
    );
  });
});

describe('POST /human-tasks/:id/complete body', () => {
  const CALLER = 'ap.clerk';
  const parse = (body: unknown) => parseCompleteTaskBody(body, CALLER);

  test('reads the action, the note and the input, which names the caller as the completer', () => {
    assert.deepEqual(
      parse({
        action: 'retry',
        note: 'chargemaster row added',
        input: { approved: true, codes: ['I10'] },
      }),
      {
        action: 'retry',
        note: 'chargemaster row added',
        input: { approved: true, codes: ['I10'], completedBy: CALLER },
      },
    );
  });

  test('refuses every input field naming who acted, at any depth: the completer is the caller', () => {
    const errors = invalidFields(() =>
      parse({
        input: {
          resolution: { exceptionId: 'E-1', action: 'ACCEPT_VARIANCE', resolvedBy: 'ap.clerk' },
          completedBy: 'someone-else',
          lines: [{ approvedBy: 'x' }],
        },
      }),
    );
    assert.deepEqual(
      errors.map((e) => e.field),
      ['input.resolution.resolvedBy', 'input.completedBy', 'input.lines[0].approvedBy'],
    );
    assert.match(errors[0]?.message ?? '', /caller of the bearer token/);
    assert.deepEqual(parse({ input: { nearby: 'OR-3', By: 1 } }).input, {
      nearby: 'OR-3',
      By: 1,
      completedBy: CALLER,
    });
  });

  test("leaves out what is not given: the task's default action, no note, no input", () => {
    const none = { action: null, note: null, input: { completedBy: CALLER } };
    assert.deepEqual(parse({}), none);
    assert.deepEqual(parse({ action: null, note: null }), none);
  });

  for (const action of ['skip', 'compensate'] as const) {
    test(`accepts the action ${action}`, () => {
      assert.equal(parse({ action }).action, action);
    });
  }

  test('names an action that is not retry, skip or compensate', () => {
    assert.deepEqual(
      invalidFields(() => parse({ action: 'approve' })),
      [{ field: 'action', message: 'must be one of retry, skip, compensate' }],
    );
  });

  for (const [name, input] of [
    ['a string', 'yes'],
    ['an array', [1, 2]],
    ['null', null],
  ] as const) {
    test(`names input when it is ${name}`, () => {
      assert.deepEqual(
        invalidFields(() => parse({ input })),
        [{ field: 'input', message: 'must be a JSON object' }],
      );
    });
  }

  test('names every bad field at once: the body, unknown fields, a note that is not a string', () => {
    assert.deepEqual(
      invalidFields(() => parse(undefined)).map((e) => e.field),
      ['body'],
    );
    assert.deepEqual(
      invalidFields(() => parse({ input: {}, approve: true, action: 'ok', note: 7 })).map(
        (e) => e.field,
      ),
      ['approve', 'action', 'note'],
    );
  });
});
