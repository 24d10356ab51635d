import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { QueryFailedError } from 'typeorm';
import { scrubMessage, scrubStack, serializeError } from './error-serializer.js';

const MRN = 'MRN-PHI-4711';
const FAMILY = 'DOEPHI';

/** A pg unique violation as the driver builds it from the server's answer. */
function uniqueViolation(): pg.DatabaseError {
  const error = new pg.DatabaseError(
    'duplicate key value violates unique constraint "patient_mrn_key"',
    120,
    'error',
  );
  Object.assign(error, {
    severity: 'ERROR',
    code: '23505',
    detail: `Key (mrn)=(${MRN}) already exists.`,
    schema: 'public',
    table: 'patient',
    constraint: 'patient_mrn_key',
    routine: '_bt_check_unique',
    where: `SQL function "add" statement 1: ${FAMILY}`,
  });
  return error;
}

function text(value: unknown): string {
  return JSON.stringify(value);
}

describe('scrubMessage', () => {
  test('takes quoted values out and keeps the names of database objects', () => {
    assert.equal(
      scrubMessage(`invalid input syntax for type integer: "${FAMILY}"`),
      'invalid input syntax for type integer: "[Redacted]"',
    );
    assert.equal(
      scrubMessage('null value in column "mrn" of relation "patient" violates not-null constraint'),
      'null value in column "mrn" of relation "patient" violates not-null constraint',
    );
    assert.equal(
      scrubMessage(`value '${MRN}' is not valid; the sender can't resend`),
      `value "[Redacted]" is not valid; the sender can't resend`,
    );
  });

  test("takes out pg's key values, a failing row and JSON objects", () => {
    assert.equal(
      scrubMessage(`Key (mrn, family)=(${MRN}, ${FAMILY}) already exists.`),
      'Key (mrn, family)=([Redacted]) already exists.',
    );
    assert.equal(
      scrubMessage(`Failing row contains (1, ${FAMILY}, 1970-01-01).`),
      'Failing row contains ([Redacted]).',
    );
    assert.equal(
      scrubMessage(`Could not find any entity of type "Patient" matching: {\n "mrn": "${MRN}"\n}`),
      'Could not find any entity of type "Patient" matching: [Redacted]',
    );
  });

  test('keeps the names of registry subjects, modules and files', () => {
    for (const message of [
      "Subject 'clinical.encounter.v1-value' not found",
      "Cannot find module '@meridian/x' imported from /app/main.js",
      "ENOENT: no such file or directory, open '/etc/meridian/ca.pem'",
    ])
      assert.equal(scrubMessage(message), message);
  });

  test('leaves a message without values as it is', () => {
    const message = 'Connection terminated due to connection timeout';
    assert.equal(scrubMessage(message), message);
  });
});

describe('scrubStack', () => {
  test('scrubs the header, even over several lines, and keeps every frame', () => {
    const error = new Error(`matching: {\n "family": "${FAMILY}"\n}`);
    const stack = error.stack ?? '';
    const scrubbed = scrubStack(stack);
    assert.doesNotMatch(scrubbed, new RegExp(FAMILY));
    assert.match(scrubbed, /^Error: matching: \[Redacted\]\n\s+at /);
    assert.deepEqual(
      scrubbed.split('\n').slice(1),
      stack.split('\n').filter((line) => /^\s*at /.test(line)),
    );
  });
});

describe('serializeError', () => {
  test("keeps a TypeORM QueryFailedError's type, message, codes and object names, and drops its query parameters and pg's detail", () => {
    const error = new QueryFailedError(
      'INSERT INTO patient (mrn, family) VALUES ($1, $2)',
      [MRN, FAMILY],
      uniqueViolation(),
    );
    const serialized = serializeError(error) as Record<string, unknown>;
    assert.equal(serialized['type'], 'QueryFailedError');
    assert.equal(
      serialized['message'],
      'duplicate key value violates unique constraint "patient_mrn_key"',
    );
    assert.equal(serialized['code'], '23505');
    assert.equal(serialized['table'], 'patient');
    assert.equal(serialized['constraint'], 'patient_mrn_key');
    assert.match(String(serialized['stack']), /^QueryFailedError: duplicate key.*\n\s+at /);
    for (const field of ['query', 'parameters', 'driverError', 'detail', 'where'])
      assert.equal(field in serialized, false, field);
    assert.doesNotMatch(text(serialized), new RegExp(`${MRN}|${FAMILY}`));
  });

  test('follows causes and aggregated errors, scrubbing each', () => {
    const root = new QueryFailedError('SELECT $1::int', [FAMILY], uniqueViolation());
    root.message = `invalid input syntax for type integer: "${FAMILY}"`;
    const wrapped = new AggregateError([new Error('first'), root], 'two failed', {
      cause: new Error('outer', { cause: root }),
    });
    const serialized = serializeError(wrapped) as {
      type: string;
      errors: { message: string }[];
      cause: { message: string; cause: { type: string; code: string } };
    };
    assert.equal(serialized.type, 'AggregateError');
    assert.deepEqual(
      serialized.errors.map((e) => e.message),
      ['first', 'invalid input syntax for type integer: "[Redacted]"'],
    );
    assert.equal(serialized.cause.message, 'outer');
    assert.equal(serialized.cause.cause.type, 'QueryFailedError');
    assert.equal(serialized.cause.cause.code, '23505');
    assert.doesNotMatch(text(serialized), new RegExp(`${MRN}|${FAMILY}`));
  });

  test('stops at a cycle', () => {
    const error = new Error('loop') as Error & { cause?: unknown };
    error.cause = error;
    const serialized = serializeError(error) as { cause: { message: string } };
    assert.equal(serialized.cause.message, '[Circular]');
  });

  test('scrubs a string and reduces another object to its type', () => {
    assert.equal(serializeError(`bad value "${MRN}"`), 'bad value "[Redacted]"');
    assert.deepEqual(serializeError({ mrn: MRN }), { type: 'Object' });
    assert.equal(serializeError(42), 42);
  });
});
