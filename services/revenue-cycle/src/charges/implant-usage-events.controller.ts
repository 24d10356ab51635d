import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ImplantUsageReversed, Topics } from '@meridian/contracts';
import { OnMessage } from '@meridian/messaging';
import type { MessageContext } from '@meridian/messaging';
import { ImplantChargesService } from './implant-charges.service.js';

/**
 * Implant usages reported by supply-consumption. Only NOT_IMPLANTED concerns revenue-cycle on its
 * own: the other reversals cancel implant-to-invoice, whose compensation reverses the charge.
 * The other records of supply.usage.v1 are skipped (no handler).
 */
@Controller()
export class ImplantUsageEventsController {
  constructor(private readonly implants: ImplantChargesService) {}

  @OnMessage(Topics.SupplyUsageV1, ImplantUsageReversed)
  async reversed(
    @Payload() event: ImplantUsageReversed,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    if (event.reason !== 'NOT_IMPLANTED') return;
    await this.implants.notImplanted(ctx.manager, event, ctx.publish);
  }
}
