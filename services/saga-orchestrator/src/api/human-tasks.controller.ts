import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { actorOf, Audit, Authorize, CurrentCaller, requireUuid } from '@meridian/service-kit';
import type { AuditNote, Caller } from '@meridian/service-kit';
import { requireTeamRole, TASK_WORKERS } from './access.js';
import { HumanTasksService } from './human-tasks.service.js';
import { parseCompleteTaskBody, parseListHumanTasksQuery } from './requests.js';
import type { HumanTaskView, SagaDetailView } from './views.js';

@Controller('human-tasks')
@Authorize(TASK_WORKERS)
export class HumanTasksController {
  constructor(private readonly tasks: HumanTasksService) {}

  /** `GET /human-tasks?team=&type=&status=&sagaType=&limit=`: open tasks unless `status` says otherwise. */
  @Get()
  list(@Query() query: Record<string, unknown>): Promise<{ items: HumanTaskView[] }> {
    return this.tasks.list(parseListHumanTasksQuery(query));
  }

  /**
   * `POST /human-tasks/:id/complete` with `{ action: retry|skip|compensate, note, input }`: the
   * saga moves on. Only the role of the task's team completes it (403 otherwise); the audit record
   * carries the saga's business key. The caller is the completer (`input.completedBy`, which the
   * task keeps and an AP clerk's resolution records as `resolvedBy`); a body naming who acted is a
   * 400.
   */
  @Post(':id/complete')
  @HttpCode(HttpStatus.OK)
  async complete(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentCaller() caller: Caller,
    @Audit() audit: AuditNote,
  ): Promise<SagaDetailView> {
    const taskId = requireUuid('id', id);
    const completion = parseCompleteTaskBody(body, actorOf(caller));
    const { team, businessKey } = await this.tasks.ownerOf(taskId);
    audit.businessKey = businessKey;
    requireTeamRole(caller, team);
    return this.tasks.complete(taskId, completion);
  }
}
