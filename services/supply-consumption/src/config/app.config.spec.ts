import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from './app.config.js';

describe('supply-consumption config', () => {
  test('listens on its reserved port 3002 and uses the supply_consumption database by default', () => {
    const config = parseConfig({});
    assert.equal(config.port, 3002);
    assert.equal(config.databaseUrl, 'postgres://meridian@127.0.0.1:5433/supply_consumption');
  });
});
