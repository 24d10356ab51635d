import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { composePorts, nextFreePort, portProblem, servicePorts } from './ports.ts';
import type { PortHolder } from './ports.ts';

const service = (port: number, name: string): PortHolder => ({
  port,
  holder: `services/${name}`,
  service: true,
});
const container = (port: number, name: string): PortHolder => ({
  port,
  holder: `deploy/compose/docker-compose.yml (${name})`,
  service: false,
});

describe('nextFreePort', () => {
  test('is the highest reserved service port + 1', () => {
    assert.equal(nextFreePort([service(3001, 'a'), service(3007, 'c'), service(3002, 'b')]), 3008);
  });

  test('skips ports something else holds, and counts from 3001 with no service', () => {
    assert.equal(
      nextFreePort([service(3007, 'a'), container(3008, 'x'), container(3009, 'y')]),
      3010,
    );
    assert.equal(nextFreePort([container(9092, 'kafka')]), 3001);
  });
});

describe('portProblem', () => {
  test('names every holder of a taken port, and nothing for a free one', () => {
    const held = [
      service(3005, 'workforce-sync'),
      container(3005, 'workforce-sync'),
      container(2575, 'encounter-ingest'),
    ];
    assert.equal(
      portProblem(held, 3005),
      '--port 3005 is taken by services/workforce-sync and deploy/compose/docker-compose.yml (workforce-sync)',
    );
    assert.match(portProblem(held, 2575) ?? '', /encounter-ingest/);
    assert.equal(portProblem(held, 3010), undefined);
  });
});

describe('the ports a workspace holds', () => {
  test("are read from each service's DEFAULTS and the compose file's published host ports", () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write(
      'services/ward/src/config/app.config.ts',
      "export const DEFAULTS = { name: SERVICE, port: 3004, database: 'ward' } as const;\n",
    );
    tree.write('services/notes/README.md', 'no config\n');
    tree.write(
      'deploy/compose/docker-compose.yml',
      "services:\n  kafka:\n    ports:\n      - '127.0.0.1:9092:9092'\n  ward:\n    ports:\n      - '3004:8080'\n      - 2575\n",
    );
    assert.deepEqual(servicePorts(tree), [{ port: 3004, holder: 'services/ward', service: true }]);
    assert.deepEqual(
      composePorts(tree).map((h) => h.port),
      [9092, 3004, 2575],
    );
  });
});
