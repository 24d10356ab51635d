// The registry client's deadline, against a local HTTP server that holds chosen requests unanswered
// (a stand-in for a registry that accepts a request and never replies).
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { RegistryError, createRegistryClient, registryTimeoutMs } from './registry.ts';

const held: ServerResponse[] = [];
let stallNextPosts = 0;
const requests: string[] = [];
const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  requests.push(`${request.method} ${request.url}`);
  request.resume();
  request.on('end', () => {
    if (request.method === 'POST' && stallNextPosts > 0) {
      stallNextPosts -= 1;
      held.push(response);
      return;
    }
    response.setHeader('Content-Type', 'application/vnd.schemaregistry.v1+json');
    if (request.method === 'GET' && request.url?.startsWith('/config/')) {
      response.end(JSON.stringify({ compatibilityLevel: 'NONE' }));
    } else if (request.method === 'POST') {
      response.end(JSON.stringify({ id: 7 }));
    } else {
      response.end('[]');
    }
  });
});
const ready = new Promise<string>((resolve) =>
  server.listen(0, '127.0.0.1', () =>
    resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
  ),
);
after(() => {
  held.forEach((response) => response.destroy());
  server.close();
});

const schema = JSON.stringify({ type: 'record', name: 'Probe', namespace: 'test', fields: [] });

describe('registry client deadline', () => {
  it('tries a registration again when the registry did not answer in time', async () => {
    const client = createRegistryClient({ url: await ready, timeoutMs: 150 });
    stallNextPosts = 2;
    requests.length = 0;
    assert.equal(await client.register('s-value', schema, 'NONE'), 7);
    assert.equal(requests.filter((line) => line === 'POST /subjects/s-value/versions').length, 3);
  });

  it('gives up after three attempts with one line naming the call and the deadline', async () => {
    const client = createRegistryClient({ url: await ready, timeoutMs: 150 });
    stallNextPosts = 3;
    await assert.rejects(client.lookup('s-value', schema), (error: unknown) => {
      assert.ok(error instanceof RegistryError);
      assert.equal(error.timedOut, true);
      assert.equal(error.message, 'lookup of s-value: no answer within 150 ms (3 attempts)');
      return true;
    });
  });

  it('fails a plain request that gets no answer, naming the method and URL', async () => {
    const url = await ready;
    const client = createRegistryClient({ url, timeoutMs: 150 });
    stallNextPosts = 1;
    await assert.rejects(client.testCompatibility('s-value', schema), (error: unknown) => {
      assert.ok(error instanceof RegistryError);
      assert.equal(
        error.message,
        `POST ${url}/compatibility/subjects/s-value/versions/latest: no answer within 150 ms`,
      );
      return true;
    });
  });
});

describe('REGISTRY_TIMEOUT_MS', () => {
  it('defaults to 15 s and takes a positive whole number of milliseconds', () => {
    assert.equal(registryTimeoutMs({}), 15_000);
    assert.equal(registryTimeoutMs({ REGISTRY_TIMEOUT_MS: ' 2500 ' }), 2500);
  });

  it('refuses anything else with a line naming the variable', () => {
    for (const bad of ['0', '-1', '1.5', 'soon']) {
      assert.throws(
        () => registryTimeoutMs({ REGISTRY_TIMEOUT_MS: bad }),
        new RegistryError(
          `REGISTRY_TIMEOUT_MS must be a positive number of milliseconds, not '${bad}'`,
        ),
      );
    }
  });
});
