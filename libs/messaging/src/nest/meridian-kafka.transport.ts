import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { ConsumerRuntime, MessageContext } from '../consumer/consumer-runtime.js';
import { bindingFor } from './on-message.decorator.js';

/**
 * A Nest microservice transport over the consumer runtime: every @OnMessage handler of the app
 * becomes a handler of one consumer group, with the runtime's guarantees (transactional
 * idempotency, retry topics, DLQ). Connect with
 * `app.connectMicroservice({ strategy: new MeridianKafkaTransport(messaging.consumer(group)) })`.
 */
export class MeridianKafkaTransport extends Server implements CustomTransportStrategy {
  constructor(private readonly runtime: ConsumerRuntime) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    // An app without handlers (@OnMessage, or registered on the runtime by the app itself, as the
    // saga engine does) consumes nothing: no consumer group is started.
    if (this.messageHandlers.size === 0 && this.runtime.topics.length === 0) {
      callback();
      return;
    }
    for (const [pattern, handler] of this.messageHandlers) {
      const binding = bindingFor(pattern);
      if (!binding) {
        callback(new Error(`handler pattern ${pattern} was not declared with @OnMessage`));
        return;
      }
      this.runtime.on(
        binding.topic,
        binding.contract,
        async (value: unknown, context: MessageContext) => {
          const result: unknown = await handler(value, context);
          await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
        },
      );
    }
    this.runtime.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await this.runtime.stop();
  }

  on(): never {
    throw new Error(
      'MeridianKafkaTransport has no transport events; observe the consumer runtime instead',
    );
  }

  unwrap<T>(): T {
    return this.runtime as T;
  }
}
