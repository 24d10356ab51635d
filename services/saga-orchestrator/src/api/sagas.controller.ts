import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { Audit, Authorize, requireUuid } from '@meridian/service-kit';
import type { AuditNote } from '@meridian/service-kit';
import { SAGA_CANCELLERS, SAGA_READERS, SAGA_RETRIERS } from './access.js';
import { parseListSagasQuery } from './requests.js';
import { SagaInstancesService } from './saga-instances.service.js';
import type { SagaDetailView, SagaPage } from './views.js';

/** Saga instances: find them, look inside, and the operator actions (retry, cancel). */
@Controller('sagas')
export class SagasController {
  constructor(private readonly instances: SagaInstancesService) {}

  /** `GET /sagas?type=&status=&businessKey=&limit=&cursor=`: newest first, paged. */
  @Get()
  @Authorize(SAGA_READERS)
  list(@Query() query: Record<string, unknown>): Promise<SagaPage> {
    return this.instances.list(parseListSagasQuery(query));
  }

  @Get(':id')
  @Authorize(SAGA_READERS)
  get(@Param('id') id: string): Promise<SagaDetailView> {
    return this.instances.get(requireUuid('id', id));
  }

  /** Sends the current command of a SUSPENDED or FAILED saga again, with fresh retries; 409 otherwise. */
  @Post(':id/retry')
  @Authorize(SAGA_RETRIERS)
  @HttpCode(HttpStatus.OK)
  async retry(@Param('id') id: string, @Audit() audit: AuditNote): Promise<SagaDetailView> {
    const sagaId = requireUuid('id', id);
    audit.businessKey = await this.instances.businessKeyOf(sagaId);
    return this.instances.retry(sagaId);
  }

  /** Cancels and compensates a running, waiting or completed saga; 409 otherwise. */
  @Post(':id/cancel')
  @Authorize(SAGA_CANCELLERS)
  @HttpCode(HttpStatus.OK)
  async cancel(@Param('id') id: string, @Audit() audit: AuditNote): Promise<SagaDetailView> {
    const sagaId = requireUuid('id', id);
    audit.businessKey = await this.instances.businessKeyOf(sagaId);
    return this.instances.cancel(sagaId);
  }
}
