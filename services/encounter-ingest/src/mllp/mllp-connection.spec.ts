import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { encodeMllpFrame, MllpDecoder } from '@meridian/hl7';
import type { MllpEvent } from '@meridian/hl7';
import { createLogger } from '@meridian/telemetry';
import { MllpConnection } from './mllp-connection.js';

const MAX_FRAME = 1000;
const MAX_BUFFER = 2000;

/** A promise and what settles it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('MLLP connection buffer (MLLP_MAX_BUFFER_BYTES)', () => {
  let server: Server;
  let accepted: Promise<[Socket]>;

  before(async () => {
    server = createServer();
    accepted = once(server, 'connection') as Promise<[Socket]>;
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test(
    'stops reading while the frames waiting and the one being read could exceed the buffer, then answers them all in order',
    { timeout: 10_000 },
    async () => {
      const client = connect({ port: (server.address() as AddressInfo).port, host: '127.0.0.1' });
      const [socket] = await accepted;
      const paused = deferred();
      const resumed = deferred();
      const pause = socket.pause.bind(socket);
      const resume = socket.resume.bind(socket);
      let pauses = 0;
      socket.pause = () => {
        pauses += 1;
        paused.resolve();
        return pause();
      };
      socket.resume = () => {
        if (pauses > 0) resumed.resolve();
        return resume();
      };
      const gate = deferred();
      const answered: string[] = [];
      let waitingAtPause = -1;
      void paused.promise.then(() => (waitingAtPause = answered.length));
      new MllpConnection({
        socket,
        answer: async (event: MllpEvent) => {
          await gate.promise;
          const text =
            event.type === 'frame' ? event.payload.toString('latin1').slice(0, 2) : event.type;
          answered.push(text);
          return Buffer.from(`ACK ${text}`);
        },
        logger: createLogger({ name: 'mllp-connection.spec', level: 'silent' }),
        maxFrameBytes: MAX_FRAME,
        maxBufferBytes: MAX_BUFFER,
        idleTimeoutMs: 60_000,
        onIdle: () => undefined,
      });
      const acks: string[] = [];
      const decoder = new MllpDecoder();
      const allAcked = deferred();
      client.on('data', (chunk: Buffer) => {
        for (const event of decoder.push(chunk))
          if (event.type === 'frame') acks.push(event.payload.toString('latin1'));
        if (acks.length === 3) allAcked.resolve();
      });
      // Three frames of 900 bytes: 1800 waiting > 2000 - 1000 (room kept for the frame being read).
      client.write(
        Buffer.concat(['F1', 'F2', 'F3'].map((id) => encodeMllpFrame(id + 'x'.repeat(898)))),
      );
      await paused.promise;
      assert.equal(
        waitingAtPause,
        0,
        'reading paused while the first frame still waits for its answer',
      );
      gate.resolve();
      await resumed.promise;
      await allAcked.promise;
      assert.deepEqual(acks, ['ACK F1', 'ACK F2', 'ACK F3']);
      client.destroy();
    },
  );
});
