import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { requireUuid } from '@meridian/service-kit';
import { parseListSagasQuery } from './requests.js';
import { SagaInstancesService } from './saga-instances.service.js';
import type { SagaDetailView, SagaPage } from './views.js';

/** Saga instances: find them, look inside, and the operator actions (retry, cancel). */
@Controller('sagas')
export class SagasController {
  constructor(private readonly instances: SagaInstancesService) {}

  /** `GET /sagas?type=&status=&businessKey=&limit=&cursor=`: newest first, paged. */
  @Get()
  list(@Query() query: Record<string, unknown>): Promise<SagaPage> {
    return this.instances.list(parseListSagasQuery(query));
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<SagaDetailView> {
    return this.instances.get(requireUuid('id', id));
  }

  /** Sends the current command of a SUSPENDED or FAILED saga again, with fresh retries; 409 otherwise. */
  @Post(':id/retry')
  @HttpCode(HttpStatus.OK)
  retry(@Param('id') id: string): Promise<SagaDetailView> {
    return this.instances.retry(requireUuid('id', id));
  }

  /** Cancels and compensates a running, waiting or completed saga; 409 otherwise. */
  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  cancel(@Param('id') id: string): Promise<SagaDetailView> {
    return this.instances.cancel(requireUuid('id', id));
  }
}
