import type { Socket } from 'node:net';
import { encodeMllpFrame, MllpDecoder } from '@meridian/hl7';
import type { MllpEvent } from '@meridian/hl7';
import type { Logger } from '@meridian/telemetry';

/** Frames read ahead of the one being processed before the socket stops reading. */
const MAX_QUEUED = 64;

/** The bytes an event holds while it waits. */
function sizeOf(event: MllpEvent): number {
  switch (event.type) {
    case 'frame':
    case 'truncated':
      return event.payload.length;
    case 'oversized':
      return event.head.length;
    case 'discarded':
      return 0;
  }
}

export interface MllpConnectionOptions {
  /** A TCP socket, or a TLS one (MLLP over TLS) once its handshake is done. */
  readonly socket: Socket;
  /** The ACK of a decoder event (undefined: nothing to answer). */
  readonly answer: (event: MllpEvent) => Promise<Buffer | undefined>;
  /** The connection's logger (its id and peer already bound). */
  readonly logger: Logger;
  /** HL7_MAX_FRAME_BYTES: a longer frame is skipped to its end (answered AR). */
  readonly maxFrameBytes: number;
  /** MLLP_MAX_BUFFER_BYTES: frames waiting for their ACK plus the frame being read. */
  readonly maxBufferBytes: number;
  /** MLLP_IDLE_TIMEOUT_MS: closed after that long with nothing received or sent. */
  readonly idleTimeoutMs: number;
  /** Called when the connection is closed for being idle (counted). */
  readonly onIdle: () => void;
}

/**
 * One MLLP connection: frames are answered strictly in the order they arrived, one ACK each,
 * whatever the reads they came in. It holds a bounded number of bytes: reading pauses while 64
 * frames wait, or while the frames waiting and the frame being read (at most HL7_MAX_FRAME_BYTES,
 * a longer one is skipped) could exceed MLLP_MAX_BUFFER_BYTES, or while the peer does not read
 * its ACKs; it exceeds the limit by one socket read (64 KiB) at most. A connection with nothing
 * received or sent for MLLP_IDLE_TIMEOUT_MS is closed, also in the middle of a frame (the peer
 * stopped sending), never while a frame it sent waits for its ACK.
 */
export class MllpConnection {
  private readonly socket: Socket;
  private readonly logger: Logger;
  private readonly decoder: MllpDecoder;
  private queue: Promise<void> = Promise.resolve();
  private waiting = 0;
  private waitingBytes = 0;
  private draining = false;
  /** An ACK waits for the peer to read the earlier ones. */
  private stalled = false;
  /** Bytes of waiting frames at which reading pauses: room is kept for the frame being read. */
  private readonly readAheadBytes: number;

  constructor(private readonly options: MllpConnectionOptions) {
    const { socket, maxFrameBytes } = options;
    this.socket = socket;
    this.logger = options.logger;
    this.decoder = new MllpDecoder({ maxFrameBytes });
    this.readAheadBytes = options.maxBufferBytes - maxFrameBytes;
    socket.setNoDelay(true);
    socket.setTimeout(options.idleTimeoutMs);
    socket.on('timeout', () => this.idle());
    socket.on('data', (chunk: Buffer) => this.decoder.push(chunk).forEach((e) => this.enqueue(e)));
    // The peer finished sending: answer what arrived (an open frame is truncated), then close.
    socket.on('end', () => {
      this.decoder.end().forEach((e) => this.enqueue(e));
      void this.queue.then(() => this.close());
    });
    socket.on('error', (error) =>
      this.logger.debug({ reason: error.message }, 'mllp connection error'),
    );
  }

  /** Stops reading, answers the frames already read, then closes the connection. */
  async drain(): Promise<void> {
    this.draining = true;
    this.socket.pause();
    await this.queue;
    this.close();
  }

  /**
   * Nothing received or sent for the idle timeout: closed, unless an ACK is being made (its write
   * restarts the timer). A peer that stopped reading its ACKs is cut off (they cannot be sent).
   */
  private idle(): void {
    if (this.waiting > 0 && !this.stalled) return;
    this.logger.info(
      {
        idleTimeoutMs: this.options.idleTimeoutMs,
        partialFrame: this.decoder.inFrame,
        unreadAcks: this.stalled,
      },
      'mllp connection idle, closed',
    );
    this.options.onIdle();
    if (this.stalled) this.socket.destroy();
    else this.close();
  }

  private enqueue(event: MllpEvent): void {
    const bytes = sizeOf(event);
    this.waiting += 1;
    this.waitingBytes += bytes;
    if (this.waiting > MAX_QUEUED || this.waitingBytes > this.readAheadBytes) this.socket.pause();
    this.queue = this.queue
      .then(async () => {
        const ack = await this.answer(event);
        if (ack !== undefined) await this.write(encodeMllpFrame(ack));
      })
      .finally(() => {
        this.waiting -= 1;
        this.waitingBytes -= bytes;
        const room = this.waiting <= MAX_QUEUED / 2 && this.waitingBytes <= this.readAheadBytes / 2;
        if (!this.draining && room) this.socket.resume();
      });
  }

  private async answer(event: MllpEvent): Promise<Buffer | undefined> {
    try {
      return await this.options.answer(event);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error({ reason }, 'mllp frame not answered');
      return undefined;
    }
  }

  /** Writes an ACK; resolves once the socket takes more (a peer not reading its ACKs holds the queue). */
  private write(frame: Buffer): Promise<void> {
    if (!this.socket.writable || this.socket.write(frame)) return Promise.resolve();
    this.stalled = true;
    return new Promise((resolve) => {
      const done = (): void => {
        this.stalled = false;
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  private close(): void {
    if (this.socket.destroyed) return;
    this.socket.end(() => this.socket.destroy());
  }
}
