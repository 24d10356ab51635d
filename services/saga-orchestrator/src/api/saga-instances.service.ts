import { Inject, Injectable } from '@nestjs/common';
import { HumanTask, SagaInstance, SagaNotFoundError } from '@meridian/saga';
import { SERVICE_CONFIG } from '@meridian/service-kit';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app.config.js';
import { SagaEngineHost } from '../engine/saga-engine.host.js';
import type { ListSagasQuery } from './requests.js';
import { encodeCursor } from './saga-cursor.js';
import { toDetailView, toSummaryView } from './views.js';
import type { SagaDetailView, SagaPage, ViewContext } from './views.js';

/** `started_at` exactly as stored (microseconds, UTC): the cursor must not round it. */
const CURSOR_AT = `to_char(s.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Saga instances as operators see them: read from the engine's tables, acted on through it. */
@Injectable()
export class SagaInstancesService {
  private readonly views: ViewContext;

  constructor(
    private readonly dataSource: DataSource,
    private readonly host: SagaEngineHost,
    @Inject(SERVICE_CONFIG) config: AppConfig,
  ) {
    this.views = {
      stepNames: (type, version, index) => host.definition(type, version)?.steps[index]?.name,
      jaegerUrl: config.jaegerUrl,
    };
  }

  /** Newest first (started_at, then id), `limit` at a time; the cursor continues after an item. */
  async list(query: ListSagasQuery): Promise<SagaPage> {
    const builder = this.dataSource
      .getRepository(SagaInstance)
      .createQueryBuilder('s')
      .addSelect(CURSOR_AT, 'cursor_at')
      .orderBy('s.started_at', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(query.limit + 1);
    if (query.type) builder.andWhere('s.saga_type = :type', { type: query.type });
    if (query.status) builder.andWhere('s.status = :status', { status: query.status });
    if (query.businessKey)
      builder.andWhere('s.business_key = :businessKey', { businessKey: query.businessKey });
    if (query.cursor) {
      builder.andWhere('(s.started_at, s.id) < (CAST(:cursorAt AS timestamptz), :cursorId)', {
        cursorAt: query.cursor.startedAt,
        cursorId: query.cursor.id,
      });
    }
    const { entities, raw } = await builder.getRawAndEntities<{ cursor_at: string }>();
    const page = entities.slice(0, query.limit);
    const last = page.at(-1);
    const lastAt = raw[page.length - 1]?.cursor_at;
    return {
      items: page.map((instance) => toSummaryView(instance, this.views)),
      nextCursor:
        entities.length > query.limit && last && lastAt
          ? encodeCursor({ startedAt: lastAt, id: last.id })
          : null,
    };
  }

  async get(id: string): Promise<SagaDetailView> {
    const instance = await this.dataSource.getRepository(SagaInstance).findOne({ where: { id } });
    if (!instance) throw new SagaNotFoundError(`saga ${id}`);
    return this.detail(instance);
  }

  /** The saga's business key (an encounter or usage id), which its audit records name; 404 unknown. */
  async businessKeyOf(id: string): Promise<string> {
    const instance = await this.dataSource
      .getRepository(SagaInstance)
      .findOne({ where: { id }, select: { id: true, businessKey: true } });
    if (!instance) throw new SagaNotFoundError(`saga ${id}`);
    return instance.businessKey;
  }

  async retry(id: string): Promise<SagaDetailView> {
    return this.detail(await this.host.engine.retry(id));
  }

  async cancel(id: string): Promise<SagaDetailView> {
    return this.detail(await this.host.engine.cancel(id));
  }

  async detail(instance: SagaInstance): Promise<SagaDetailView> {
    const tasks = await this.dataSource
      .getRepository(HumanTask)
      .find({ where: { sagaId: instance.id }, order: { createdAt: 'ASC' } });
    return toDetailView(instance, tasks, this.views);
  }
}
