import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { requireUuid } from '@meridian/service-kit';
import { HumanTasksService } from './human-tasks.service.js';
import { parseCompleteTaskBody, parseListHumanTasksQuery } from './requests.js';
import type { HumanTaskView, SagaDetailView } from './views.js';

@Controller('human-tasks')
export class HumanTasksController {
  constructor(private readonly tasks: HumanTasksService) {}

  /** `GET /human-tasks?team=&type=&status=&sagaType=&limit=`: open tasks unless `status` says otherwise. */
  @Get()
  list(@Query() query: Record<string, unknown>): Promise<{ items: HumanTaskView[] }> {
    return this.tasks.list(parseListHumanTasksQuery(query));
  }

  /** `POST /human-tasks/:id/complete` with `{ action: retry|skip|compensate, note, input }`: the saga moves on. */
  @Post(':id/complete')
  @HttpCode(HttpStatus.OK)
  complete(@Param('id') id: string, @Body() body: unknown): Promise<SagaDetailView> {
    const taskId = requireUuid('id', id);
    return this.tasks.complete(taskId, parseCompleteTaskBody(body));
  }
}
