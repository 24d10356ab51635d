import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ImplantUsageReversed, ImplantUsed, Topics } from '@meridian/contracts';
import { SERVICE_CONFIG, ServiceMessagingHost } from '@meridian/service-kit';
import { DataSource, QueryFailedError } from 'typeorm';
import type { OutboxPublish } from '@meridian/messaging';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app.config.js';
import { findItemByDeviceIdentifier } from '../items/item-master.store.js';
import { activeRecalls } from '../recalls/recall-check.js';
import { inactiveItem } from '../usage/usage.errors.js';
import { decideRecall, expiry } from './implant-capture.rules.js';
import {
  alreadyReversed,
  expiredDevice,
  implantUsageIdTaken,
  notAnImplant,
  recalledDevice,
  sagaCompleted,
  serialAlreadyImplanted,
} from './implant.errors.js';
import { captureFingerprint } from './implant.requests.js';
import type {
  ImplantCapture,
  ListImplantsQuery,
  ReverseImplantRequest,
} from './implant.requests.js';
import { IMPLANT_SERIAL_IN_USE_INDEX, ImplantUsage } from './implant-usage.entity.js';
import type { StoredRecallOverride } from './implant-usage.entity.js';
import {
  deviceKey,
  implantUsageReversedDraft,
  implantUsedDraft,
  toImplantUsageView,
} from './implant.views.js';
import type { ImplantUsageView } from './implant.views.js';

export interface CapturedImplant {
  /** false when the usageId was captured before with the same request: nothing new happened. */
  readonly created: boolean;
  readonly usage: ImplantUsageView;
}

/** The reversals that cancel the saga (it compensates and sets REVERSED). */
const CANCELLING = new Set(['SCANNED_IN_ERROR', 'WRONG_ENCOUNTER']);

/** The primary key of implant_usage (PostgreSQL's name for it). */
const USAGE_ID_KEY = 'implant_usage_pkey';

/** The constraint a unique violation broke, if the error is one. */
function violatedConstraint(error: unknown): unknown {
  const driver =
    error instanceof QueryFailedError ? (error.driverError as Record<string, unknown>) : {};
  return driver['code'] === '23505' ? driver['constraint'] : undefined;
}

/**
 * Implants used at the point of care: captured from a scan or a FHIR Procedure, each stored with
 * its ImplantUsed (the start of implant-to-invoice) in the outbox in one transaction; listed for
 * recall look-ups; reversed with ImplantUsageReversed.
 */
@Injectable()
export class ImplantsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly host: ServiceMessagingHost,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Captures every usage in one transaction, all or none: a rule failure of any (expired,
   * recalled, serial already implanted, usageId taken) refuses them all. A usageId captured
   * before with the same request answers that usage (`created: false`).
   */
  async capture(captures: readonly ImplantCapture[], now: Date): Promise<CapturedImplant[]> {
    return this.attempt(captures, now, true);
  }

  /**
   * One transaction of the captures. A request that raced another one to the same usageId or serial
   * (a unique violation) is attempted once more, which sees what the other committed: its usage
   * answered as a retry, or the 409 naming the usage that holds the serial.
   */
  private async attempt(
    captures: readonly ImplantCapture[],
    now: Date,
    again: boolean,
  ): Promise<CapturedImplant[]> {
    try {
      return await this.host.messaging.outbox.transaction(async (manager, publish) => {
        const captured: CapturedImplant[] = [];
        for (const capture of captures)
          captured.push(await this.captureOne(manager, publish, capture, now));
        return captured;
      });
    } catch (error) {
      const constraint = violatedConstraint(error);
      const raced = constraint === USAGE_ID_KEY || constraint === IMPLANT_SERIAL_IN_USE_INDEX;
      if (raced && again) return this.attempt(captures, now, false);
      if (constraint === IMPLANT_SERIAL_IN_USE_INDEX) throw await this.serialConflict(captures);
      throw error;
    }
  }

  private async captureOne(
    manager: EntityManager,
    publish: OutboxPublish,
    capture: ImplantCapture,
    now: Date,
  ): Promise<CapturedImplant> {
    const usageId = capture.usageId ?? randomUUID();
    const requestHash = captureFingerprint(capture);
    const earlier = await this.earlierCapture(manager, usageId, requestHash);
    if (earlier) return earlier;
    const { udi, fieldNames } = capture;
    // Unknown: captured all the same; the saga's ConfirmImplantUsage holds it for supply chain.
    const item = await findItemByDeviceIdentifier(manager, udi.issuingAgency, udi.deviceIdentifier);
    if (item && !item.implant) throw notAnImplant(fieldNames.device, item.itemId);
    if (item && !item.active) throw inactiveItem(fieldNames.device, item.itemId);
    const expired = expiry(udi, capture.usedAt, this.config.facilityTimeZone);
    if (expired)
      throw expiredDevice(fieldNames.expirationDate, expired.expirationDate, expired.usedOn);
    const recalls = await activeRecalls(manager, udi, capture.usedAt);
    const recall = decideRecall(recalls, capture.recallOverride, now);
    let recallOverride: StoredRecallOverride | null = null;
    switch (recall.kind) {
      case 'recalled':
        throw recalledDevice(fieldNames.productionIdentifier, recall.recallNumbers);
      case 'overridden':
        recallOverride = recall.override;
        break;
      case 'clear':
        break;
    }
    if (udi.serialNumber !== null) {
      const inUse = await this.serialInUse(manager, capture);
      // Its own usageId: a concurrent request with it committed since the look-up above.
      const raced =
        inUse === usageId ? await this.earlierCapture(manager, usageId, requestHash) : null;
      if (raced) return raced;
      if (inUse) throw serialAlreadyImplanted(fieldNames.serialNumber, udi.serialNumber, inUse);
    }
    const usage = manager.create(ImplantUsage, {
      usageId,
      encounterId: capture.encounterId,
      issuingAgency: udi.issuingAgency,
      deviceIdentifier: udi.deviceIdentifier,
      lotNumber: udi.lotNumber,
      serialNumber: udi.serialNumber,
      expirationDate: udi.expirationDate,
      manufactureDate: udi.manufactureDate,
      itemId: item?.itemId ?? null,
      supplierId: item?.supplierId ?? null,
      consignment: item?.consignment ?? false,
      quantity: capture.quantity,
      unitId: capture.unitId,
      implantingSurgeonNpi: capture.implantingSurgeonNpi,
      procedureRef: capture.procedureRef,
      usedAt: capture.usedAt,
      source: capture.source,
      sourceReference: capture.sourceReference,
      status: 'CAPTURED',
      recallOverride,
      stockDecremented: false,
      sagaId: null,
      reversalReason: null,
      reversalNote: null,
      reversedAt: null,
      requestHash,
    });
    await manager.insert(ImplantUsage, usage);
    const stored = await manager.findOneByOrFail(ImplantUsage, { usageId });
    await publish(Topics.SupplyUsageV1, ImplantUsed, implantUsedDraft(stored), {
      key: deviceKey(stored),
    });
    return { created: true, usage: toImplantUsageView(stored) };
  }

  /** The usage captured before with this usageId (a retry), or null; 409 for another request. */
  private async earlierCapture(
    manager: EntityManager,
    usageId: string,
    requestHash: string,
  ): Promise<CapturedImplant | null> {
    const earlier = await manager.findOneBy(ImplantUsage, { usageId });
    if (!earlier) return null;
    if (earlier.requestHash !== requestHash) throw implantUsageIdTaken(usageId);
    return { created: false, usage: toImplantUsageView(earlier) };
  }

  /** The usage that holds the capture's serial (not reversed, no cancelling reversal asked). */
  private async serialInUse(
    manager: EntityManager,
    capture: Pick<ImplantCapture, 'udi'>,
  ): Promise<string | null> {
    const holder = await manager
      .createQueryBuilder(ImplantUsage, 'u')
      .select('u.usageId', 'usageId')
      .where(
        'u.issuingAgency = :agency AND u.deviceIdentifier = :di AND u.serialNumber = :serial',
        {
          agency: capture.udi.issuingAgency,
          di: capture.udi.deviceIdentifier,
          serial: capture.udi.serialNumber,
        },
      )
      .andWhere("u.status <> 'REVERSED'")
      .andWhere("(u.reversalReason IS NULL OR u.reversalReason = 'NOT_IMPLANTED')")
      .getRawOne<{ usageId: string }>();
    return holder?.usageId ?? null;
  }

  /** The 409 of a serial captured concurrently: the first capture whose serial is now held. */
  private async serialConflict(captures: readonly ImplantCapture[]): Promise<Error> {
    for (const capture of captures) {
      const serial = capture.udi.serialNumber;
      if (serial === null) continue;
      const holder = await this.serialInUse(this.dataSource.manager, capture);
      if (holder) return serialAlreadyImplanted(capture.fieldNames.serialNumber, serial, holder);
    }
    return new Error('a serial was in use at insert but no usage holds it now');
  }

  async get(usageId: string): Promise<ImplantUsageView> {
    const usage = await this.dataSource.getRepository(ImplantUsage).findOneBy({ usageId });
    if (!usage) throw new NotFoundException(`implant usage ${usageId} does not exist`);
    return toImplantUsageView(usage);
  }

  /** Usages matching every filter, in order of use. */
  async list(query: ListImplantsQuery): Promise<ImplantUsageView[]> {
    const builder = this.dataSource
      .getRepository(ImplantUsage)
      .createQueryBuilder('u')
      .orderBy('u.usedAt', 'ASC')
      .addOrderBy('u.usageId', 'ASC');
    if (query.lot !== undefined) builder.andWhere('u.lotNumber = :lot', { lot: query.lot });
    if (query.deviceIdentifier !== undefined) {
      builder.andWhere('u.deviceIdentifier = :di', { di: query.deviceIdentifier });
    }
    if (query.serial !== undefined)
      builder.andWhere('u.serialNumber = :serial', { serial: query.serial });
    if (query.encounterId !== undefined) {
      builder.andWhere('u.encounterId = :encounterId', { encounterId: query.encounterId });
    }
    if (query.status !== undefined)
      builder.andWhere('u.status = :status', { status: query.status });
    return (await builder.getMany()).map(toImplantUsageView);
  }

  /**
   * Records a reversal and publishes ImplantUsageReversed in one transaction. NOT_IMPLANTED sets
   * the status at once (the saga goes on: the supplier is owed, revenue-cycle reverses the patient
   * charge); SCANNED_IN_ERROR and WRONG_ENCOUNTER cancel the saga, whose compensation sets
   * REVERSED. 409 once reversed, or for a cancelling reason once the saga completed.
   */
  async reverse(usageId: string, request: ReverseImplantRequest): Promise<ImplantUsageView> {
    return this.host.messaging.outbox.transaction(async (manager, publish) => {
      const usage = await manager.findOne(ImplantUsage, {
        where: { usageId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!usage) throw new NotFoundException(`implant usage ${usageId} does not exist`);
      if (usage.status === 'REVERSED' || usage.reversalReason !== null) {
        throw alreadyReversed(usageId, usage.reversalReason ?? 'saga compensation');
      }
      if (CANCELLING.has(request.reason) && usage.status === 'REPLENISHMENT_REQUESTED') {
        throw sagaCompleted(usageId);
      }
      const reversed = Object.assign(usage, {
        reversalReason: request.reason,
        reversalNote: request.note,
        reversedAt: new Date(),
        ...(request.reason === 'NOT_IMPLANTED' ? { status: 'NOT_IMPLANTED' as const } : {}),
      });
      await manager.save(reversed);
      await publish(
        Topics.SupplyUsageV1,
        ImplantUsageReversed,
        implantUsageReversedDraft(reversed),
        { key: deviceKey(reversed) },
      );
      return toImplantUsageView(reversed);
    });
  }
}
