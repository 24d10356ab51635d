import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Topics } from '@meridian/contracts';
import { workspaceRoot } from '@meridian/testing';
import { ObservabilityHarness } from '../testing/observability-harness.js';

const GENERATED = join(workspaceRoot(), 'services/observability/src/ui/public/asyncapi.yaml');

describe('observability: the AsyncAPI document', () => {
  let harness: ObservabilityHarness;

  before(async () => {
    harness = await ObservabilityHarness.start();
  });

  after(() => harness?.stop());

  test('GET /asyncapi.yaml serves the generated document, a channel for every topic', async () => {
    const response = await fetch(`${harness.service.url}/asyncapi.yaml`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/yaml/);
    const body = await response.text();
    assert.equal(body, readFileSync(GENERATED, 'utf8'));
    for (const topic of Object.values(Topics))
      assert.match(body, new RegExp(`^ {4}address: ${topic.name.replace(/\./g, '\\.')}$`, 'm'));
  });

  test('the dashboard links the document', async () => {
    const page = await (await fetch(`${harness.service.url}/ui`)).text();
    assert.match(page, /href="\/asyncapi\.yaml"/);
  });
});
