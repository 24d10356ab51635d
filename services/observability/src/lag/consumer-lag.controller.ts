import { Controller, Get } from '@nestjs/common';
import { Authorize, ProblemException } from '@meridian/service-kit';
import { ConsumerLagService } from './consumer-lag.service.js';
import type { PartitionLag } from './consumer-lag.service.js';

@Authorize(['sre-operator', 'admin'])
@Controller('consumer-lag')
export class ConsumerLagController {
  constructor(private readonly lag: ConsumerLagService) {}

  /** `GET /consumer-lag`: every consumer group's lag per topic partition. */
  @Get()
  async get(): Promise<{ groups: PartitionLag[] }> {
    try {
      return { groups: await this.lag.lag() };
    } catch (error) {
      throw new ProblemException(
        503,
        { detail: `consumer lag unavailable: ${(error as Error).message}` },
        { cause: error },
      );
    }
  }
}
