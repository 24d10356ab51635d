import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from './app.config.js';

describe('encounter-ingest config', () => {
  test('listens on its reserved port 3001 and uses the encounter_ingest database by default', () => {
    const config = parseConfig({});
    assert.equal(config.port, 3001);
    assert.equal(config.databaseUrl, 'postgres://meridian@127.0.0.1:5433/encounter_ingest');
  });
});
