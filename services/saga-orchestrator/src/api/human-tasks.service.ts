import { Injectable } from '@nestjs/common';
import { HumanTask, SagaNotFoundError } from '@meridian/saga';
import type { TaskCompletion } from '@meridian/saga';
import { DataSource, In } from 'typeorm';
import { SagaEngineHost } from '../engine/saga-engine.host.js';
import type { ListHumanTasksQuery } from './requests.js';
import { SagaInstancesService } from './saga-instances.service.js';
import { toHumanTaskView } from './views.js';
import type { HumanTaskView, SagaDetailView } from './views.js';

/** Work sagas wait on people for (work-queue tasks, coding review), and its completion. */
@Injectable()
export class HumanTasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly host: SagaEngineHost,
    private readonly instances: SagaInstancesService,
  ) {}

  /** Most urgent first (due time, then id), at most `limit`, filtered by team, type and saga type. */
  async list(query: ListHumanTasksQuery): Promise<{ items: HumanTaskView[] }> {
    const tasks = await this.dataSource.getRepository(HumanTask).find({
      where: {
        status: In([...query.statuses]),
        ...(query.team === undefined ? {} : { team: query.team }),
        ...(query.type === undefined ? {} : { taskType: query.type }),
        ...(query.sagaType === undefined ? {} : { sagaType: query.sagaType }),
      },
      order: { dueAt: 'ASC', id: 'ASC' },
      take: query.limit,
    });
    return { items: tasks.map((t) => toHumanTaskView(t)) };
  }

  /** The team whose queue holds the task and its saga's business key; 404 unknown. */
  async ownerOf(taskId: string): Promise<{ team: string; businessKey: string }> {
    const task = await this.dataSource
      .getRepository(HumanTask)
      .findOne({ where: { id: taskId }, select: { id: true, team: true, sagaId: true } });
    if (!task) throw new SagaNotFoundError(`human task ${taskId}`);
    return { team: task.team, businessKey: await this.instances.businessKeyOf(task.sagaId) };
  }

  /** Completes the task as the person decided (retry, skip, compensate); answers the saga. */
  async complete(taskId: string, completion: TaskCompletion): Promise<SagaDetailView> {
    return this.instances.detail(await this.host.engine.completeHumanTask(taskId, completion));
  }
}
