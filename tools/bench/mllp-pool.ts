// MLLP connections for an open loop: one message in flight per connection (as an interface engine
// sends), a new connection opened whenever all are busy, up to `max`. Only past `max` does a
// message wait, and the wait is measured, so a rate that could not be offered is reported, not
// hidden.
import { MllpClient } from '@meridian/hl7';

export interface Sent {
  readonly ack: string;
  /** performance.now() when the message was written (after any wait for a connection). */
  readonly sentAt: number;
  /** performance.now() when its ACK arrived. */
  readonly ackedAt: number;
}

export class MllpPool {
  private readonly idle: MllpClient[] = [];
  private readonly waiting: { resolve: (c: MllpClient) => void; reject: (e: Error) => void }[] = [];
  private open = 0;
  private failure: Error | undefined;
  /** The most connections open at once. */
  peakConnections = 0;

  private readonly port: number;
  private readonly max: number;

  constructor(port: number, max: number) {
    this.port = port;
    this.max = max;
  }

  async send(message: string): Promise<Sent> {
    const client = await this.acquire();
    const sentAt = performance.now();
    try {
      const ack = await client.send(message);
      const ackedAt = performance.now();
      this.release(client);
      return { ack, sentAt, ackedAt };
    } catch (error) {
      // A lost connection fails the run: messages waiting for one fail with it, none hangs.
      this.open -= 1;
      this.failure = error instanceof Error ? error : new Error(String(error));
      for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
      await client.close().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((c) => c.close()));
  }

  private async acquire(): Promise<MllpClient> {
    if (this.failure) throw this.failure;
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.open < this.max) {
      this.open += 1;
      this.peakConnections = Math.max(this.peakConnections, this.open);
      try {
        return await MllpClient.connect({ host: '127.0.0.1', port: this.port });
      } catch (error) {
        this.open -= 1;
        throw error;
      }
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(client: MllpClient): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve(client);
    else this.idle.push(client);
  }
}
