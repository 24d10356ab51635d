import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeMllpFrame, MllpDecoder } from './frame.js';

export interface MllpClientOptions {
  readonly host: string;
  readonly port: number;
  /** How long one message waits for its ACK; default 30 s. */
  readonly timeoutMs?: number;
  readonly maxFrameBytes?: number;
}

/** No ACK in time, or the connection ended with messages unanswered. */
export class MllpClientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MllpClientError';
  }
}

interface Pending {
  readonly resolve: (ack: Buffer) => void;
  readonly reject: (error: Error) => void;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * An MLLP sender over one TCP connection, as an HL7 interface engine is: messages go out in
 * order, several may be in flight, and each frame that comes back answers the oldest unanswered
 * message. Because answers are matched by order, a timeout (or a lost connection) fails every
 * message in flight and closes the connection: reconnect and resend them.
 */
export class MllpClient {
  private readonly pending: Pending[] = [];
  private readonly decoder: MllpDecoder;
  private failure: Error | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number,
    maxFrameBytes: number | undefined,
  ) {
    this.decoder = new MllpDecoder(maxFrameBytes === undefined ? {} : { maxFrameBytes });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const event of this.decoder.push(chunk)) {
        if (event.type === 'frame') this.pending.shift()?.resolve(event.payload);
      }
    });
    socket.on('error', (error) => this.fail(new MllpClientError(error.message, { cause: error })));
    socket.on('close', () => this.fail(new MllpClientError('the connection closed')));
  }

  static connect(options: MllpClientOptions): Promise<MllpClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: options.host, port: options.port });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(
          new MllpClient(socket, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.maxFrameBytes),
        );
      });
    });
  }

  /** Sends one message in a frame and resolves with its ACK (the payload of the answer frame). */
  async send(message: string): Promise<string> {
    const [ack] = await this.exchange(encodeMllpFrame(message), 1);
    return ack ?? '';
  }

  /**
   * Writes raw bytes (frames, partial frames, noise: for tests and benchmarks) and resolves with
   * the next `replies` answers, as UTF-8 text. Several chunks are written one by one, `pauseMs`
   * apart, so the receiver reads them separately.
   */
  async exchange(
    bytes: Buffer | readonly Buffer[],
    replies: number,
    options: { readonly pauseMs?: number } = {},
  ): Promise<string[]> {
    return (await this.exchangeBytes(bytes, replies, options)).map((a) => a.toString('utf8'));
  }

  /** `exchange`, answering the bytes of each answer (an ACK in another charset than UTF-8). */
  async exchangeBytes(
    bytes: Buffer | readonly Buffer[],
    replies: number,
    options: { readonly pauseMs?: number } = {},
  ): Promise<Buffer[]> {
    if (this.failure) throw this.failure;
    const answers = Promise.all(Array.from({ length: replies }, () => this.expect()));
    answers.catch(() => undefined); // the caller gets the failure; it may come while writing
    const chunks = Buffer.isBuffer(bytes) ? [bytes] : bytes;
    for (const [index, chunk] of chunks.entries()) {
      if (index > 0 && options.pauseMs) await sleep(options.pauseMs);
      this.socket.write(chunk);
    }
    return answers;
  }

  /** Closes the connection once written data is flushed; messages in flight fail. */
  async close(): Promise<void> {
    if (this.socket.destroyed) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
    });
  }

  private expect(): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new MllpClientError(`no ACK within ${this.timeoutMs} ms`));
        this.socket.destroy();
      }, this.timeoutMs);
      this.pending.push({
        resolve: (ack) => {
          clearTimeout(timer);
          resolve(ack);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.splice(0)) pending.reject(error);
  }
}
