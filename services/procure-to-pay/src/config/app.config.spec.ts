import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from './app.config.js';

describe('procure-to-pay config', () => {
  test('listens on its reserved port 3003 and uses the procure_to_pay database by default', () => {
    const config = parseConfig({});
    assert.equal(config.port, 3003);
    assert.equal(config.databaseUrl, 'postgres://meridian@127.0.0.1:5433/procure_to_pay');
  });
});
