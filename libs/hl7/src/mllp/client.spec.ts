import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { MllpClient, MllpClientError } from './client.js';
import { encodeMllpFrame, MllpDecoder } from './frame.js';

/** Answers every frame with `ACK:<payload>` after `delayMs`, in order, until a `SILENT` frame. */
function echoServer(delayMs: number): Server {
  return createServer((socket: Socket) => {
    const decoder = new MllpDecoder();
    let chain = Promise.resolve();
    let silent = false;
    socket.on('data', (chunk: Buffer) => {
      for (const event of decoder.push(chunk)) {
        silent ||= event.type === 'frame' && event.payload.toString() === 'SILENT';
        if (event.type !== 'frame' || silent) continue;
        chain = chain
          .then(() => new Promise((resolve) => setTimeout(resolve, delayMs)))
          .then(() => void socket.write(encodeMllpFrame(`ACK:${event.payload.toString()}`)));
      }
    });
    socket.on('error', () => undefined);
  });
}

describe('MLLP client', () => {
  let server: Server;
  let port: number;

  before(async () => {
    server = echoServer(5);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('sends a message and resolves with its ACK', async () => {
    const client = await MllpClient.connect({ host: '127.0.0.1', port });
    assert.equal(await client.send('MSH|1'), 'ACK:MSH|1');
    await client.close();
  });

  test('keeps several messages in flight on one connection and matches answers in order', async () => {
    const client = await MllpClient.connect({ host: '127.0.0.1', port });
    const acks = await Promise.all(['a', 'b', 'c', 'd'].map((m) => client.send(m)));
    assert.deepEqual(acks, ['ACK:a', 'ACK:b', 'ACK:c', 'ACK:d']);
    await client.close();
  });

  test('writes raw chunks apart and collects the answers they produce', async () => {
    const client = await MllpClient.connect({ host: '127.0.0.1', port });
    const frame = encodeMllpFrame('split');
    const acks = await client.exchange([frame.subarray(0, 3), frame.subarray(3)], 1, {
      pauseMs: 20,
    });
    assert.deepEqual(acks, ['ACK:split']);
    await client.close();
  });

  test('fails every message in flight when an ACK does not come in time', async () => {
    const client = await MllpClient.connect({ host: '127.0.0.1', port, timeoutMs: 200 });
    const results = await Promise.allSettled([client.send('SILENT'), client.send('later')]);
    for (const result of results) {
      assert.equal(result.status, 'rejected');
      assert.ok(result.reason instanceof MllpClientError);
      assert.match((result.reason as Error).message, /no ACK within 200 ms/);
    }
    await assert.rejects(client.send('again'), MllpClientError);
  });

  test('rejects connecting to a port nobody listens on', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const unused = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(MllpClient.connect({ host: '127.0.0.1', port: unused }), /ECONNREFUSED/);
  });
});
