import type { Socket } from 'node:net';
import { encodeMllpFrame, MllpDecoder } from '@meridian/hl7';
import type { MllpEvent } from '@meridian/hl7';
import type { Logger } from '@meridian/telemetry';

/** Frames read ahead of the one being processed before the socket stops reading. */
const MAX_QUEUED = 64;
/** Bytes of frames read ahead (in maximum frames) before the socket stops reading. */
const MAX_QUEUED_FRAMES_OF_BYTES = 4;

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

/**
 * One MLLP connection: frames are answered strictly in the order they arrived, one ACK each,
 * whatever the reads they came in. Reading pauses while too many frames wait, or frames of more
 * than four maximum frames of bytes (HL7_MAX_FRAME_BYTES): a connection holds a bounded amount.
 */
export class MllpConnection {
  private readonly decoder: MllpDecoder;
  private queue: Promise<void> = Promise.resolve();
  private waiting = 0;
  private waitingBytes = 0;
  private draining = false;
  private readonly maxWaitingBytes: number;

  constructor(
    private readonly socket: Socket,
    private readonly answer: (event: MllpEvent) => Promise<Buffer | undefined>,
    private readonly logger: Logger,
    maxFrameBytes: number,
  ) {
    this.decoder = new MllpDecoder({ maxFrameBytes });
    this.maxWaitingBytes = MAX_QUEUED_FRAMES_OF_BYTES * maxFrameBytes;
    socket.setNoDelay(true);
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

  private enqueue(event: MllpEvent): void {
    const bytes = sizeOf(event);
    this.waiting += 1;
    this.waitingBytes += bytes;
    if (this.waiting > MAX_QUEUED || this.waitingBytes > this.maxWaitingBytes) this.socket.pause();
    this.queue = this.queue
      .then(async () => {
        const ack = await this.answer(event);
        if (ack !== undefined && this.socket.writable) this.socket.write(encodeMllpFrame(ack));
      })
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.error({ reason }, 'mllp frame not answered');
      })
      .finally(() => {
        this.waiting -= 1;
        this.waitingBytes -= bytes;
        const room =
          this.waiting <= MAX_QUEUED / 2 && this.waitingBytes <= this.maxWaitingBytes / 2;
        if (!this.draining && room) this.socket.resume();
      });
  }

  private close(): void {
    if (this.socket.destroyed) return;
    this.socket.end(() => this.socket.destroy());
  }
}
