import { Inject, Injectable, Logger } from '@nestjs/common';
import { SERVICE_CONFIG } from '@meridian/service-kit';
import type { RowsToWrite } from '@meridian/service-kit';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app.config.js';
import { DeviceRecall } from './recall.entity.js';
import type { ListRecallsQuery, RecallRow } from './recall.requests.js';

/** A recall as the API answers it: as written, and whether it is active now. */
export interface RecallView extends RecallRow {
  readonly active: boolean;
}

export function toRecallView(recall: DeviceRecall, now: Date): RecallView {
  return {
    recallNumber: recall.recallNumber,
    recallClass: recall.recallClass,
    issuingAgency: recall.issuingAgency,
    deviceIdentifier: recall.deviceIdentifier,
    lots: recall.lots,
    lotFrom: recall.lotFrom,
    lotTo: recall.lotTo,
    serials: recall.serials,
    startDate: recall.startDate,
    endDate: recall.endDate,
    active: recall.activeFrom <= now && (recall.activeUntil === null || recall.activeUntil > now),
  };
}

/**
 * Device recalls, reference data loaded through the API (one, bulk JSON/CSV, replace); the
 * recall check (recall-check.ts) reads them in the capture's transaction.
 */
@Injectable()
export class RecallsService {
  private readonly logger = new Logger(RecallsService.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Creates or replaces the recalls by recall number in one transaction, all or none; the active
   * window is the first to the last day in FACILITY_TIMEZONE.
   */
  async write({ rows }: RowsToWrite<RecallRow>): Promise<{ created: number }> {
    const recalls = rows.map((r) => r.value);
    const written = await this.dataSource.query<{ created: boolean }[]>(
      `INSERT INTO device_recall AS d (recall_number, recall_class, issuing_agency,
         device_identifier, lots, lot_from, lot_to, serials, start_date, end_date,
         active_from, active_until)
       SELECT r."recallNumber", r."recallClass", r."issuingAgency", r."deviceIdentifier",
         r.lots, r."lotFrom", r."lotTo", r.serials, r."startDate", r."endDate",
         r."startDate"::timestamp AT TIME ZONE $2,
         (r."endDate" + 1)::timestamp AT TIME ZONE $2
       FROM jsonb_to_recordset($1::jsonb) AS r("recallNumber" text, "recallClass" text,
         "issuingAgency" text, "deviceIdentifier" text, lots text[], "lotFrom" text,
         "lotTo" text, serials text[], "startDate" date, "endDate" date)
       ON CONFLICT (recall_number) DO UPDATE SET
         recall_class = excluded.recall_class, issuing_agency = excluded.issuing_agency,
         device_identifier = excluded.device_identifier, lots = excluded.lots,
         lot_from = excluded.lot_from, lot_to = excluded.lot_to, serials = excluded.serials,
         start_date = excluded.start_date, end_date = excluded.end_date,
         active_from = excluded.active_from, active_until = excluded.active_until,
         updated_at = now()
       RETURNING (xmax = 0) AS created`,
      [JSON.stringify(recalls), this.config.facilityTimeZone],
    );
    const created = written.filter((w) => w.created).length;
    this.logger.log({
      msg: 'device recalls written',
      rows: recalls.length,
      created,
      ...(recalls.length === 1 ? { recallNumber: recalls[0]?.recallNumber } : {}),
    });
    return { created };
  }

  /** The recalls matching every filter given, by recall number. */
  async list(query: ListRecallsQuery, now: Date): Promise<RecallView[]> {
    const builder = this.dataSource
      .getRepository(DeviceRecall)
      .createQueryBuilder('r')
      .orderBy('r.recallNumber', 'ASC');
    if (query.deviceIdentifier !== undefined) {
      builder.andWhere('r.deviceIdentifier = :di', { di: query.deviceIdentifier });
    }
    if (query.issuingAgency !== undefined) {
      builder.andWhere('r.issuingAgency = :agency', { agency: query.issuingAgency });
    }
    const active = 'r.activeFrom <= :now AND (r.activeUntil IS NULL OR r.activeUntil > :now)';
    if (query.active === true) builder.andWhere(active, { now });
    if (query.active === false) builder.andWhere(`NOT (${active})`, { now });
    return (await builder.getMany()).map((r) => toRecallView(r, now));
  }

  async get(recallNumber: string, now: Date): Promise<RecallView | null> {
    const recall = await this.dataSource.getRepository(DeviceRecall).findOneBy({ recallNumber });
    return recall ? toRecallView(recall, now) : null;
  }
}
