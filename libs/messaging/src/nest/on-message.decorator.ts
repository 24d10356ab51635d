import type {
  RecordContract,
  RecordOf,
  TopicContract,
  TopicRecordContract,
} from '@meridian/contracts';
import { EventPattern } from '@nestjs/microservices';
import type { MessageContext } from '../consumer/consumer-runtime.js';

export interface MessageBinding {
  readonly topic: TopicContract<unknown>;
  readonly contract: RecordContract<unknown>;
}

/** Handler patterns declared with @OnMessage, resolved by the transport when it starts. */
const bindings = new Map<string, MessageBinding>();

export function messagePattern(
  topic: TopicContract<unknown>,
  contract: RecordContract<unknown>,
): string {
  return `${topic.name}|${contract.fullName}`;
}

export function bindingFor(pattern: string): MessageBinding | undefined {
  return bindings.get(pattern);
}

/** A method decorator that only fits `(value: T, context: MessageContext) => Promise<void>`. */
export type HandlerDecorator<T> = (
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<(value: T, context: MessageContext) => Promise<void>>,
) => void;

/**
 * Declares a Nest method as the handler of one record on one topic:
 * `@OnMessage(Topics.ClinicalEncounterV1, EncounterDischarged) handle(@Payload() e, @Ctx() ctx)`.
 * The record must be one the topic carries.
 */
export function OnMessage<C extends TopicContract<unknown>, K extends TopicRecordContract<C>>(
  topic: C,
  contract: K,
): HandlerDecorator<RecordOf<K>> {
  const pattern = messagePattern(topic, contract);
  bindings.set(pattern, { topic, contract });
  // Nest types event handlers as taking unknown arguments; the transport passes (value, context),
  // which HandlerDecorator<T> states precisely, so the plain method decorator is applied as such.
  const decorate = EventPattern(pattern) as unknown as MethodDecorator;
  return (target, key, descriptor) => {
    decorate(target, key, descriptor);
  };
}
