import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { lastValueFrom } from 'rxjs';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import {
  INVALID_REQUEST,
  InvalidRequestException,
  PROBLEM_JSON,
  ProblemException,
  toProblem,
} from './problem-details.js';

class ThingNotFoundError extends Error {}
class ThingBusyError extends Error {}
const mappings = [
  { error: ThingNotFoundError, status: 404 },
  { error: ThingBusyError, status: 409, type: 'urn:test:busy', title: 'Thing busy' },
];

describe('toProblem', () => {
  test('answers an invalid request with 400 and an errors array naming each field', () => {
    const problem = toProblem(
      new InvalidRequestException([
        { field: 'status', message: 'must be one of RUNNING, FAILED' },
        { field: 'limit', message: 'must be an integer between 1 and 200' },
      ]),
      '/sagas',
    );
    assert.deepEqual(problem, {
      type: INVALID_REQUEST,
      title: 'Invalid request',
      status: 400,
      detail: 'status must be one of RUNNING, FAILED; limit must be an integer between 1 and 200',
      errors: [
        { field: 'status', message: 'must be one of RUNNING, FAILED' },
        { field: 'limit', message: 'must be an integer between 1 and 200' },
      ],
      instance: '/sagas',
    });
  });

  test('keeps the type, title and detail of a ProblemException', () => {
    const problem = toProblem(
      new ProblemException(409, { type: 'urn:test:conflict', title: 'Conflict!', detail: 'no' }),
      '/things/1',
    );
    assert.deepEqual(problem, {
      type: 'urn:test:conflict',
      title: 'Conflict!',
      status: 409,
      detail: 'no',
      instance: '/things/1',
    });
  });

  test('answers the extension members of a ProblemException beside the standard ones it cannot replace', () => {
    const problem = toProblem(
      new ProblemException(409, {
        type: 'urn:test:recalled',
        detail: 'recalled',
        extensions: { code: 'RECALLED', recallNumbers: ['Z-1-2026'], status: 200 },
      }),
      '/implants',
    );
    assert.deepEqual(problem, {
      code: 'RECALLED',
      recallNumbers: ['Z-1-2026'],
      type: 'urn:test:recalled',
      title: 'Conflict',
      status: 409,
      detail: 'recalled',
      instance: '/implants',
    });
  });

  test("answers Nest's HttpExceptions with their status, its phrase as title and their message", () => {
    assert.deepEqual(toProblem(new NotFoundException('Cannot GET /nowhere'), '/nowhere'), {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Cannot GET /nowhere',
      instance: '/nowhere',
    });
    const listed = toProblem(new BadRequestException(['a is wrong', 'b is wrong']), '/x');
    assert.equal(listed.detail, 'a is wrong; b is wrong');
  });

  test('maps domain errors by class, with the error message as detail', () => {
    assert.deepEqual(toProblem(new ThingNotFoundError('thing 7 not found'), '/t/7', mappings), {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'thing 7 not found',
      instance: '/t/7',
    });
    const busy = toProblem(new ThingBusyError('thing 7 is busy'), '/t/7', mappings);
    assert.equal(busy.status, 409);
    assert.equal(busy.type, 'urn:test:busy');
    assert.equal(busy.title, 'Thing busy');
  });

  test('answers any other error with a 500 that does not reveal its message', () => {
    const problem = toProblem(new Error('password authentication failed for "x"'), '/t', mappings);
    assert.equal(problem.status, 500);
    assert.equal(problem.title, 'Internal Server Error');
    assert.doesNotMatch(JSON.stringify(problem), /password/);
  });
});

interface Reply {
  headers: Record<string, string>;
  body?: unknown;
  status?: number;
}

function httpHost(path: string, reply: Reply): ArgumentsHost {
  const http = { getRequest: () => ({ path }), getResponse: () => reply };
  return { getType: () => 'http', switchToHttp: () => http } as unknown as ArgumentsHost;
}

const adapterHost = {
  httpAdapter: {
    setHeader: (response: Reply, name: string, value: string) => {
      response.headers[name.toLowerCase()] = value;
    },
    reply: (response: Reply, body: unknown, status: number) => {
      response.body = body;
      response.status = status;
    },
  },
} as unknown as HttpAdapterHost;

describe('ProblemDetailsFilter', () => {
  test('replies application/problem+json with the status of the problem', () => {
    const reply: Reply = { headers: {} };
    new ProblemDetailsFilter(adapterHost, mappings).catch(
      new ThingBusyError('thing 7 is busy'),
      httpHost('/t/7/retry', reply),
    );
    assert.equal(reply.headers['content-type'], PROBLEM_JSON);
    assert.equal(reply.status, 409);
    assert.deepEqual(reply.body, {
      type: 'urn:test:busy',
      title: 'Thing busy',
      status: 409,
      detail: 'thing 7 is busy',
      instance: '/t/7/retry',
    });
  });

  test('passes the exception of a non-HTTP context on untouched', async () => {
    const error = new ThingBusyError('busy');
    const rpc = { getType: () => 'rpc' } as unknown as ArgumentsHost;
    const result = new ProblemDetailsFilter(adapterHost).catch(error, rpc);
    assert.ok(result);
    await assert.rejects(lastValueFrom(result), (thrown) => thrown === error);
  });
});
