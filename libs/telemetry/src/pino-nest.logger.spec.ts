import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLogger } from './logger.factory.js';
import { PinoNestLogger } from './pino-nest.logger.js';

function nestLogger(): { lines: Record<string, unknown>[]; logger: PinoNestLogger } {
  const lines: Record<string, unknown>[] = [];
  const destination = {
    write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>),
  };
  return {
    lines,
    logger: new PinoNestLogger(createLogger({ name: 'spec', level: 'trace', destination })),
  };
}

describe('PinoNestLogger', () => {
  test("writes Nest's log calls as JSON lines with the context as a field", () => {
    const { lines, logger } = nestLogger();
    logger.log('Mapped {/health/live, GET} route', 'RouterExplorer');
    logger.verbose('detail');
    assert.deepEqual(
      lines.map((l) => [l['level'], l['msg'], l['context']]),
      [
        [30, 'Mapped {/health/live, GET} route', 'RouterExplorer'],
        [10, 'detail', undefined],
      ],
    );
  });

  test('keeps the stack and context of errors apart', () => {
    const { lines, logger } = nestLogger();
    const stack = new Error('boom').stack ?? '';
    logger.error('request failed', stack, 'ExceptionsHandler');
    logger.error(new Error('thrown'), 'ExceptionsHandler');
    assert.equal(lines[0]?.['level'], 50);
    assert.equal(lines[0]?.['msg'], 'request failed');
    assert.equal(lines[0]?.['stack'], stack);
    assert.equal(lines[0]?.['context'], 'ExceptionsHandler');
    assert.equal(lines[1]?.['msg'], 'thrown');
    assert.equal((lines[1]?.['err'] as { message: string }).message, 'thrown');
    assert.equal(lines[1]?.['context'], 'ExceptionsHandler');
  });

  test("scrubs the values out of an error's message and stack, as Nest logs them", () => {
    const { lines, logger } = nestLogger();
    const error = new Error('invalid input syntax for type integer: "DOEPHI"');
    logger.error(error.message, error.stack, 'ExceptionsHandler');
    logger.error(error, 'ExceptionsHandler');
    assert.equal(lines[0]?.['msg'], 'invalid input syntax for type integer: "[Redacted]"');
    assert.match(String(lines[0]?.['stack']), /^Error: invalid input .*"\[Redacted\]"\n\s+at /);
    assert.equal(lines[1]?.['msg'], 'invalid input syntax for type integer: "[Redacted]"');
    assert.doesNotMatch(JSON.stringify(lines), /DOEPHI/);
  });
});
