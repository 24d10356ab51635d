import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from './app.config.js';

describe('workforce-sync config', () => {
  test('listens on its reserved port 3005 and uses the workforce_sync database by default', () => {
    const config = parseConfig({});
    assert.equal(config.port, 3005);
    assert.equal(config.databaseUrl, 'postgres://meridian@127.0.0.1:5433/workforce_sync');
  });
});
