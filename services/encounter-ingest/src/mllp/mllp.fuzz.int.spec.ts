import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import {
  decodeHl7Bytes,
  DEFAULT_MAX_FRAME_BYTES,
  encodeMllpFrame,
  MllpDecoder,
  newControlId,
  parseHl7,
} from '@meridian/hl7';
import { adtMessage } from '../testing/adt-samples.js';
import { fuzzItem, seededRandom, splitAtRandom } from '../testing/hl7-fuzz.js';
import { startIngestProcess } from '../testing/ingest-process.js';
import type { IngestProcess } from '../testing/ingest-process.js';

const FRAMES = 10_000;
const CONNECTIONS = 8;
const BATCH = 250;
const ANSWER_TIMEOUT_MS = 60_000;
/** Log lines that mean something went wrong inside the service. */
const TROUBLE = /unhandledRejection|uncaughtException|"level":(50|60)|FATAL/i;

/**
 * One fuzzing connection: writes a batch of generated items split at random points, then a valid
 * sentinel, and waits for as many ACKs as frames the receiver's MLLP decoder finds in those bytes
 * (the same decoder, run here on the bytes sent, counts them), the last one the sentinel's.
 */
class FuzzConnection {
  readonly acks: Buffer[] = [];
  frames = 0;
  private readonly model = new MllpDecoder({ maxFrameBytes: DEFAULT_MAX_FRAME_BYTES });
  private readonly replies = new MllpDecoder();
  private closed: string | undefined;
  private wake: () => void = () => undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const event of this.replies.push(chunk)) {
        if (event.type === 'frame') this.acks.push(event.payload);
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed ??= 'the connection closed';
      this.wake();
    });
    socket.on('error', (error) => (this.closed = error.message));
  }

  static open(port: number): Promise<FuzzConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('error', reject);
      socket.once('connect', () => resolve(new FuzzConnection(socket)));
    });
  }

  async batch(random: () => number, items: number): Promise<void> {
    const sentinel = newControlId();
    const bytes = Buffer.concat([
      ...Array.from({ length: items }, () => fuzzItem(random)),
      encodeMllpFrame(adtMessage('A08', 'VFUZZ', sentinel)),
    ]);
    for (const [index, chunk] of splitAtRandom(random, bytes).entries()) {
      this.frames += this.model.push(chunk).filter((e) => e.type !== 'discarded').length;
      if (!this.socket.write(chunk) || index % 7 === 0) await yieldToLoop();
    }
    await this.answered();
    const last = parseHl7(this.acks.at(-1)?.toString('utf8') ?? '');
    assert.equal(last.get('MSA-2'), sentinel, 'the last ACK answers the sentinel');
  }

  private async answered(): Promise<void> {
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    while (this.acks.length < this.frames) {
      if (this.closed) assert.fail(`${this.closed} after ${this.acks.length}/${this.frames} ACKs`);
      if (Date.now() > deadline) assert.fail(`${this.acks.length}/${this.frames} ACKs in time`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 1000);
      });
    }
    assert.equal(this.acks.length, this.frames, 'one ACK per frame, no more');
  }

  close(): void {
    this.socket.destroy();
  }
}

/** MSA-1 of an ACK, read in the charset its MSH-18 names. */
function ackCode(ack: Buffer): string {
  const decoded = decodeHl7Bytes(ack);
  assert.ok(
    decoded.ok,
    `an ACK in the charset it names: ${JSON.stringify(ack.toString('latin1'))}`,
  );
  return parseHl7(decoded.text).get('MSA-1');
}

describe('encounter-ingest MLLP listener under fuzzed input (real process, real stack)', () => {
  const seed = Number(process.env['FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 32));
  const trouble: string[] = [];
  let ingest: IngestProcess;
  let exited = false;

  before(async () => {
    console.log(`fuzz seed ${seed} (replay: FUZZ_SEED=${seed})`);
    ingest = await startIngestProcess({
      onLine: (line) => {
        if (TROUBLE.test(line)) trouble.push(line.slice(0, 300));
      },
    });
    void ingest.service.process.exited.then(() => (exited = true));
  });

  after(async () => {
    await ingest?.service.stop();
  });

  test(`answers each of ${FRAMES} generated frames over ${CONNECTIONS} connections and stays up`, async () => {
    const random = seededRandom(seed);
    const connections = await Promise.all(
      Array.from({ length: CONNECTIONS }, () => FuzzConnection.open(ingest.mllpPort)),
    );
    const randoms = connections.map(() => seededRandom(Math.floor(random() * 2 ** 32)));
    await Promise.all(
      connections.map(async (connection, index) => {
        while (connection.frames < FRAMES / CONNECTIONS) {
          await connection.batch(randoms[index] ?? random, BATCH);
        }
      }),
    );
    const acks = connections.flatMap((c) => c.acks);
    connections.forEach((c) => c.close());
    const codes = new Map<string, number>();
    for (const ack of acks) codes.set(ackCode(ack), (codes.get(ackCode(ack)) ?? 0) + 1);
    console.log(`seed ${seed}: ${acks.length} frames answered`, Object.fromEntries(codes));
    assert.ok(acks.length >= FRAMES, `${acks.length} frames answered`);
    assert.deepEqual(
      [...codes.keys()].filter((c) => !['AA', 'AE', 'AR'].includes(c)),
      [],
    );
    const client = await ingest.connect();
    const alive = await client.send(adtMessage('A01', 'VFUZZ', newControlId()));
    await client.close();
    assert.equal(parseHl7(alive).get('MSA-1'), 'AA', 'still answering');
    assert.equal((await ingest.service.fetch('/health/live')).status, 200);
    assert.equal(exited, false, 'the process did not exit');
    assert.deepEqual(trouble, [], 'no unhandled rejection, fatal or error log line');
  });
});
