import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startServiceUnderTest } from '@meridian/testing';
import type { ServiceUnderTest } from '@meridian/testing';

const JSON_LIMIT = 2048;
const CSV_LIMIT = 4096;

/** A JSON object of about `bytes` bytes. */
const jsonOf = (bytes: number): string => JSON.stringify({ note: 'x'.repeat(bytes) });

describe('HTTP bind address and body limits (service kit, on encounter-ingest: real process)', () => {
  let service: ServiceUnderTest;
  const log: Record<string, unknown>[] = [];

  before(async () => {
    service = await startServiceUnderTest('encounter-ingest', {
      env: {
        MLLP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        HTTP_JSON_LIMIT: String(JSON_LIMIT),
        HTTP_CSV_LIMIT: String(CSV_LIMIT),
      },
      onLine: (line) => {
        if (line.startsWith('{')) log.push(JSON.parse(line) as Record<string, unknown>);
      },
    });
  });

  after(async () => {
    await service?.stop();
  });

  test('binds HTTP_HOST and says so in its listening line', () => {
    const listening = log.find((entry) => entry['msg'] === 'encounter-ingest listening');
    assert.equal(listening?.['host'], '127.0.0.1');
  });

  test('answers a JSON body over HTTP_JSON_LIMIT 413 problem+json naming the limit', async () => {
    const path = `/messages/${randomUUID()}/reprocess`;
    const response = await service.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: jsonOf(JSON_LIMIT + 1),
    });
    assert.equal(response.status, 413);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual(await response.json(), {
      type: 'about:blank',
      title: 'Payload Too Large',
      status: 413,
      detail: `the request body exceeds ${JSON_LIMIT} bytes (limit HTTP_JSON_LIMIT)`,
      instance: path,
    });
  });

  test('reads a JSON body under the limit (the route answers, not the parser)', async () => {
    const response = await service.fetch(`/messages/${randomUUID()}/reprocess`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: jsonOf(JSON_LIMIT - 100),
    });
    assert.notEqual(response.status, 413);
    assert.ok(response.status < 500, `status ${response.status}`);
  });

  test('answers a CSV body over HTTP_CSV_LIMIT 413 naming HTTP_CSV_LIMIT, one under it is read', async () => {
    const send = (bytes: number) =>
      service.fetch(`/messages/${randomUUID()}/reprocess`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: `a,b\n${'1,2\n'.repeat(Math.ceil(bytes / 4))}`,
      });
    const over = await send(CSV_LIMIT);
    assert.equal(over.status, 413);
    assert.match(
      ((await over.json()) as { detail: string }).detail,
      new RegExp(`exceeds ${CSV_LIMIT} bytes \\(limit HTTP_CSV_LIMIT\\)`),
    );
    assert.notEqual((await send(JSON_LIMIT)).status, 413);
  });
});
