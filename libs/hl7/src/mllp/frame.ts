/** MLLP (HL7 Minimal Lower Layer Protocol, release 2) block characters. */
export const MLLP_START_BLOCK = 0x0b;
export const MLLP_END_BLOCK = 0x1c;
export const MLLP_CARRIAGE_RETURN = 0x0d;

export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;
/** How much of an oversized frame is kept, so its MSH can still be read for the answer. */
const OVERSIZED_HEAD_BYTES = 4096;

/** What the decoder found in the bytes it was given. */
export type MllpEvent =
  /** A complete frame: the bytes between the start block and the end block. */
  | { readonly type: 'frame'; readonly payload: Buffer }
  /** A frame cut short: a start block came before its end block. `payload` is what arrived. */
  | { readonly type: 'truncated'; readonly payload: Buffer }
  /** A frame longer than the maximum, dropped up to its end; `head` is its beginning. */
  | { readonly type: 'oversized'; readonly head: Buffer; readonly bytes: number }
  /** Bytes outside any frame, dropped. */
  | { readonly type: 'discarded'; readonly bytes: number };

/** A message in an MLLP frame: VT, the bytes, FS CR. */
export function encodeMllpFrame(message: string | Buffer): Buffer {
  const length = typeof message === 'string' ? Buffer.byteLength(message, 'utf8') : message.length;
  const frame = Buffer.allocUnsafe(length + 3);
  frame[0] = MLLP_START_BLOCK;
  if (typeof message === 'string') frame.write(message, 1, 'utf8');
  else message.copy(frame, 1);
  frame[length + 1] = MLLP_END_BLOCK;
  frame[length + 2] = MLLP_CARRIAGE_RETURN;
  return frame;
}

type State = 'outside' | 'inside' | 'ending' | 'skipping';

/**
 * A streaming MLLP decoder: `push` every chunk read from the socket, in order, and act on the
 * events returned. Handles several frames in one chunk, a frame split over many chunks, bytes
 * between frames, a start block inside a frame (the frame so far is `truncated`, a new one
 * starts) and frames over `maxFrameBytes` (`oversized`, skipped to their end). An end block not
 * followed by CR still ends the frame.
 */
export class MllpDecoder {
  private state: State = 'outside';
  private parts: Buffer[] = [];
  private size = 0;
  private skipped = 0;
  private readonly maxFrameBytes: number;

  constructor(options: { readonly maxFrameBytes?: number } = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  /** Whether a frame has started and not ended (the peer is in the middle of sending). */
  get inFrame(): boolean {
    return this.state === 'inside' || this.state === 'skipping';
  }

  push(chunk: Buffer): MllpEvent[] {
    const events: MllpEvent[] = [];
    let at = 0;
    while (at < chunk.length) {
      switch (this.state) {
        case 'ending':
          if (chunk[at] === MLLP_CARRIAGE_RETURN) at += 1;
          this.state = 'outside';
          break;
        case 'outside': {
          const start = chunk.indexOf(MLLP_START_BLOCK, at);
          const end = start < 0 ? chunk.length : start;
          if (end > at) events.push({ type: 'discarded', bytes: end - at });
          if (start >= 0) this.begin();
          at = start < 0 ? chunk.length : start + 1;
          break;
        }
        case 'inside':
        case 'skipping':
          at = this.readFrame(chunk, at, events);
          break;
      }
    }
    return events;
  }

  /** At the end of the stream: a frame still open is reported as truncated. */
  end(): MllpEvent[] {
    const events: MllpEvent[] = [];
    if (this.state === 'inside') events.push({ type: 'truncated', payload: this.take() });
    if (this.state === 'skipping') events.push(this.oversized());
    this.state = 'outside';
    return events;
  }

  private begin(): void {
    this.state = 'inside';
    this.parts = [];
    this.size = 0;
    this.skipped = 0;
  }

  private readFrame(chunk: Buffer, at: number, events: MllpEvent[]): number {
    const endBlock = chunk.indexOf(MLLP_END_BLOCK, at);
    const startBlock = chunk.indexOf(MLLP_START_BLOCK, at);
    const startsFirst = startBlock >= 0 && (endBlock < 0 || startBlock < endBlock);
    const stop = startsFirst ? startBlock : endBlock < 0 ? chunk.length : endBlock;
    this.append(chunk.subarray(at, stop));
    if (startsFirst) {
      events.push(
        this.state === 'skipping' ? this.oversized() : { type: 'truncated', payload: this.take() },
      );
      this.begin();
      return stop + 1;
    }
    if (endBlock < 0) return chunk.length;
    events.push(
      this.state === 'skipping' ? this.oversized() : { type: 'frame', payload: this.take() },
    );
    this.state = 'ending';
    return stop + 1;
  }

  private append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.state === 'skipping') {
      this.skipped += bytes.length;
      return;
    }
    this.parts.push(bytes);
    this.size += bytes.length;
    if (this.size > this.maxFrameBytes) {
      const head = Buffer.concat(this.parts).subarray(0, OVERSIZED_HEAD_BYTES);
      this.skipped = this.size - head.length;
      this.parts = [Buffer.from(head)];
      this.size = head.length;
      this.state = 'skipping';
    }
  }

  private take(): Buffer {
    const payload = Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    return payload;
  }

  private oversized(): MllpEvent {
    const bytes = this.size + this.skipped;
    return { type: 'oversized', head: this.take(), bytes };
  }
}
