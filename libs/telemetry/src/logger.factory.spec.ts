import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { context } from '@opentelemetry/api';
import { StackContextManager, TracerProvider } from '@opentelemetry/sdk-trace';
import pg from 'pg';
import { QueryFailedError } from 'typeorm';
import { createLogger } from './logger.factory.js';

function capture(): { lines: Record<string, unknown>[]; write(line: string): void } {
  const lines: Record<string, unknown>[] = [];
  return { lines, write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  const tracer = new TracerProvider().getTracer('spec');
  before(() => context.setGlobalContextManager(new StackContextManager().enable()));
  after(() => context.disable());

  test('stamps each line written inside an active span with its trace_id and span_id', () => {
    const out = capture();
    const logger = createLogger({ name: 'spec', level: 'info', destination: out });
    const ids = tracer.startActiveSpan('work', (span) => {
      logger.info({ encounterId: 'E-1' }, 'inside the span');
      span.end();
      return span.spanContext();
    });
    assert.equal(out.lines.length, 1);
    assert.equal(out.lines[0]?.['trace_id'], ids.traceId);
    assert.equal(out.lines[0]?.['span_id'], ids.spanId);
    assert.match(ids.traceId, /^[0-9a-f]{32}$/);
    assert.equal(out.lines[0]?.['name'], 'spec');
    assert.equal(out.lines[0]?.['msg'], 'inside the span');
    assert.equal(out.lines[0]?.['encounterId'], 'E-1');
  });

  test('writes no trace ids outside a span', () => {
    const out = capture();
    createLogger({ name: 'spec', destination: out }).info('no span');
    assert.equal(out.lines.length, 1);
    assert.equal('trace_id' in (out.lines[0] ?? {}), false);
    assert.equal('span_id' in (out.lines[0] ?? {}), false);
  });

  test('takes its level from LOG_LEVEL and defaults to info', () => {
    const previous = process.env['LOG_LEVEL'];
    try {
      delete process.env['LOG_LEVEL'];
      assert.equal(createLogger({ name: 'spec', destination: capture() }).level, 'info');
      process.env['LOG_LEVEL'] = 'warn';
      const out = capture();
      const logger = createLogger({ name: 'spec', destination: out });
      logger.info('dropped');
      logger.warn('kept');
      assert.deepEqual(
        out.lines.map((l) => l['msg']),
        ['kept'],
      );
    } finally {
      if (previous === undefined) delete process.env['LOG_LEVEL'];
      else process.env['LOG_LEVEL'] = previous;
    }
  });
});

describe('createLogger keeps PHI out of its lines', () => {
  const MRN = 'MRN-PHI-4711';
  const FAMILY = 'DOEPHI';
  const PHI = new RegExp(`${MRN}|${FAMILY}`);

  function queryFailed(): QueryFailedError {
    const driver = new pg.DatabaseError(
      'duplicate key value violates unique constraint "patient_mrn_key"',
      100,
      'error',
    );
    Object.assign(driver, { code: '23505', detail: `Key (mrn)=(${MRN}) already exists.` });
    return new QueryFailedError('INSERT INTO patient VALUES ($1, $2)', [MRN, FAMILY], driver);
  }

  test('serializes an error under err, error, cause, fault or reason without parameters or detail', () => {
    const out = capture();
    const logger = createLogger({ name: 'spec', destination: out });
    for (const field of ['err', 'error', 'cause', 'fault', 'reason'])
      logger.error({ [field]: queryFailed() }, 'insert failed');
    logger.warn({ reason: `invalid input syntax for type integer: "${FAMILY}"` }, 'rejected');
    assert.equal(out.lines.length, 6);
    for (const line of out.lines.slice(0, 5)) {
      const [error] = Object.values(line).filter((v) => typeof v === 'object' && v !== null);
      assert.equal((error as { code?: string }).code, '23505', JSON.stringify(line));
    }
    assert.equal(out.lines[5]?.['reason'], 'invalid input syntax for type integer: "[Redacted]"');
    assert.doesNotMatch(JSON.stringify(out.lines), PHI);
  });

  test('scrubs the text of warn, error and fatal lines, and leaves info and below as written', () => {
    const out = capture();
    const logger = createLogger({ name: 'spec', level: 'debug', destination: out });
    logger.warn(`gauge not refreshed: invalid input syntax for type integer: "${FAMILY}"`);
    logger.error({ group: 'g' }, `failed on "${MRN}"`);
    logger.info('Mapped {/messages/:id, GET} route');
    logger.debug('kept "as is"');
    assert.deepEqual(
      out.lines.map((l) => l['msg']),
      [
        'gauge not refreshed: invalid input syntax for type integer: "[Redacted]"',
        'failed on "[Redacted]"',
        'Mapped {/messages/:id, GET} route',
        'kept "as is"',
      ],
    );
  });

  test('scrubs a stack logged as text, as kafkajs logs one', () => {
    const out = capture();
    const stack = new Error(`invalid "string": "${FAMILY}"`).stack ?? '';
    createLogger({ name: 'spec', destination: out }).error({ stack }, 'kafkajs error');
    assert.match(
      String(out.lines[0]?.['stack']),
      /^Error: invalid "\[Redacted\]": "\[Redacted\]"\n\s+at /,
    );
    assert.doesNotMatch(JSON.stringify(out.lines), PHI);
  });

  test('scrubs the message pino takes from an error logged alone', () => {
    const out = capture();
    const error = new Error(`invalid input syntax for type date: "${FAMILY}"`);
    createLogger({ name: 'spec', destination: out }).error(error);
    assert.equal(out.lines[0]?.['msg'], 'invalid input syntax for type date: "[Redacted]"');
    assert.doesNotMatch(JSON.stringify(out.lines), PHI);
  });

  test("redacts PHI fields, query parameters and credential headers at any depth, leaving the caller's object as it was", () => {
    const out = capture();
    const command = {
      encounterId: 'V000123',
      payload: { patientMrn: MRN, lines: [{ Family: FAMILY, given: ['JANE'] }] },
    };
    createLogger({ name: 'spec', destination: out }).info(
      {
        patientMrn: MRN,
        command,
        parameters: [MRN],
        req: { headers: { authorization: `Bearer ${MRN}`, cookie: MRN, accept: 'text/plain' } },
      },
      'received',
    );
    const [line] = out.lines;
    assert.equal(line?.['patientMrn'], '[Redacted]');
    assert.deepEqual(line?.['command'], {
      encounterId: 'V000123',
      payload: { patientMrn: '[Redacted]', lines: [{ Family: '[Redacted]', given: '[Redacted]' }] },
    });
    assert.equal(line?.['parameters'], '[Redacted]');
    assert.deepEqual(line?.['req'], {
      headers: { authorization: '[Redacted]', cookie: '[Redacted]', accept: 'text/plain' },
    });
    assert.equal(command.payload.patientMrn, MRN);
    assert.doesNotMatch(JSON.stringify(out.lines), PHI);
  });
});
