import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { FindOptionsWhere } from 'typeorm';
import type { JournalDto, JournalListDto } from './dto/journal.dto.js';
import { toJournalDto } from './journal-views.js';
import { Journal } from './journal.entities.js';
import { JournalStore } from './journal.store.js';
import type { ListJournalsQuery } from './requests.js';

/** Journals as the HTTP API shows them: header, lines, totals and the reversal link. */
@Injectable()
export class JournalsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: JournalStore,
  ) {}

  async list(query: ListJournalsQuery): Promise<JournalListDto> {
    const where: FindOptionsWhere<Journal> = {
      ...(query.sourceId ? { sourceId: query.sourceId } : {}),
      ...(query.encounterId ? { encounterId: query.encounterId } : {}),
      ...(query.status ? { status: query.status } : {}),
    };
    const journals = await this.dataSource.manager.find(Journal, {
      where,
      order: { postedAt: 'DESC', journalId: 'ASC' },
      take: query.limit,
    });
    return { items: await this.views(journals) };
  }

  async get(journalId: string): Promise<JournalDto> {
    const journal = await this.store.find(this.dataSource.manager, journalId);
    const view = journal && (await this.views([journal]))[0];
    if (!view) throw new NotFoundException(`journal ${journalId} does not exist`);
    return view;
  }

  private async views(journals: readonly Journal[]): Promise<JournalDto[]> {
    const manager = this.dataSource.manager;
    const ids = journals.map((j) => j.journalId);
    const lines = await this.store.linesOf(manager, ids);
    const reversals =
      ids.length === 0
        ? []
        : await manager.find(Journal, {
            where: { reversesJournalId: In(ids) },
            select: { journalId: true, reversesJournalId: true },
          });
    const reversedBy = new Map(reversals.map((r) => [r.reversesJournalId, r.journalId]));
    return journals.map((journal) =>
      toJournalDto(
        journal,
        lines.get(journal.journalId) ?? [],
        reversedBy.get(journal.journalId) ?? null,
      ),
    );
  }
}
