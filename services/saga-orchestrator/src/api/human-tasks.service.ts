import { Injectable } from '@nestjs/common';
import { HumanTask } from '@meridian/saga';
import type { SagaData } from '@meridian/saga';
import { DataSource, In } from 'typeorm';
import { SagaEngineHost } from '../engine/saga-engine.host.js';
import type { ListHumanTasksQuery } from './requests.js';
import { SagaInstancesService } from './saga-instances.service.js';
import { toHumanTaskView } from './views.js';
import type { HumanTaskView, SagaDetailView } from './views.js';

/** Work sagas wait on people for (coding review, AP exceptions), and its completion. */
@Injectable()
export class HumanTasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly host: SagaEngineHost,
    private readonly instances: SagaInstancesService,
  ) {}

  /** Most urgent first (due time, then id), at most `limit`. */
  async list(query: ListHumanTasksQuery): Promise<{ items: HumanTaskView[] }> {
    const tasks = await this.dataSource.getRepository(HumanTask).find({
      where: {
        status: In([...query.statuses]),
        ...(query.queue === undefined ? {} : { queue: query.queue }),
      },
      order: { dueAt: 'ASC', id: 'ASC' },
      take: query.limit,
    });
    return { items: tasks.map(toHumanTaskView) };
  }

  /** Completes the task with the person's input; the saga moves on. Answers the saga. */
  async complete(taskId: string, input: SagaData): Promise<SagaDetailView> {
    return this.instances.detail(await this.host.engine.completeHumanTask(taskId, input));
  }
}
