import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { createLogger } from '@meridian/telemetry';
import { within } from '@meridian/testing';
import { OutboxListener } from './outbox.listener.js';

describe('outbox LISTEN connection', () => {
  it('closes at once while its connection is still starting up (a server that has not answered yet)', async () => {
    // Accepts the connection and never answers the start-up, as a loaded PostgreSQL may for a while.
    const sockets: Socket[] = [];
    const server = createServer((socket) => void sockets.push(socket)).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const wakes: number[] = [];
    const listener = new OutboxListener({
      connection: { host: '127.0.0.1', port, user: 'meridian', database: 'meridian' },
      logger: createLogger({ name: 'listener-spec', level: 'fatal' }),
      onWake: () => wakes.push(Date.now()),
    });
    try {
      listener.open();
      while (sockets.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await within('closing a listener still starting up', 5_000, listener.close());
      assert.deepEqual(wakes, [], 'it never listened, so it never woke the relay');
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });
});
