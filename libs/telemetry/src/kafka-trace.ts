import {
  context,
  propagation,
  type Context,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';

/** Kafka message headers as kafkajs represents them. */
export type KafkaHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

const setter: TextMapSetter<KafkaHeaders> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

const getter: TextMapGetter<KafkaHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    const value = carrier[key];
    if (value === undefined) return undefined;
    const first = Array.isArray(value) ? value[0] : value;
    return first?.toString();
  },
};

/** Writes W3C `traceparent`/`tracestate` of `ctx` (default: the active context) into the headers. */
export function injectTraceContext(
  headers: KafkaHeaders,
  ctx: Context = context.active(),
): KafkaHeaders {
  propagation.inject(ctx, headers, setter);
  return headers;
}

/** The context a consumer's span should be the child of, read from a message's headers. */
export function extractTraceContext(headers: KafkaHeaders | undefined): Context {
  return propagation.extract(context.active(), headers ?? {}, getter);
}
