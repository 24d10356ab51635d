import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  HumanTaskCreated,
  HumanTaskEscalated,
  SagaTransitioned,
  Topics,
} from '@meridian/contracts';
import { OnMessage } from '@meridian/messaging';
import type { MessageContext } from '@meridian/messaging';
import { ObservabilityMetrics } from '../metrics/observability-metrics.js';
import { applyTaskCreated, applyTaskEscalated, applyTransition } from './saga-read-model.js';
import { traceIdOf } from './saga-transition.js';

/** The first value of a Kafka header as text. */
function headerText(headers: MessageContext['headers'], name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.toString();
}

/**
 * saga.lifecycle.v1 into the read model (idempotent by messageId like every consumer, and by
 * saga and state version besides): every transition, human task and escalation.
 */
@Controller()
export class SagaLifecycleController {
  constructor(private readonly metrics: ObservabilityMetrics) {}

  @OnMessage(Topics.SagaLifecycleV1, SagaTransitioned)
  async transitioned(
    @Payload() event: SagaTransitioned,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    const traceId = traceIdOf(headerText(ctx.headers, 'traceparent'));
    const facts = await applyTransition(ctx.manager, event, traceId);
    if (facts)
      this.metrics.transition({
        sagaType: event.sagaType,
        fromStatus: event.fromStatus,
        toStatus: event.toStatus,
        facts,
      });
  }

  @OnMessage(Topics.SagaLifecycleV1, HumanTaskCreated)
  async taskCreated(@Payload() event: HumanTaskCreated, @Ctx() ctx: MessageContext): Promise<void> {
    await applyTaskCreated(ctx.manager, event);
  }

  @OnMessage(Topics.SagaLifecycleV1, HumanTaskEscalated)
  async taskEscalated(
    @Payload() event: HumanTaskEscalated,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await applyTaskEscalated(ctx.manager, event);
  }
}
