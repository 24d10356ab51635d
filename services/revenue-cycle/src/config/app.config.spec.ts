import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from './app.config.js';

describe('revenue-cycle config', () => {
  test('listens on its reserved port 3004 and uses the revenue_cycle database by default', () => {
    const config = parseConfig({});
    assert.equal(config.port, 3004);
    assert.equal(config.databaseUrl, 'postgres://meridian@127.0.0.1:5433/revenue_cycle');
  });
});
