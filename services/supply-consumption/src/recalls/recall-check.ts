// The recall check of an implant: at capture (POST /implants, FHIR Procedure) and again when the
// implant-to-invoice saga confirms the usage (ConfirmImplantUsage).
import type { EntityManager } from 'typeorm';
import type { IssuingAgency } from '../items/device-identifier.js';
import { covers } from './recall-coverage.js';
import { DeviceRecall } from './recall.entity.js';
import type { RecallClass } from './recall.entity.js';

/** A device as its UDI identifies it (the device identifier in the item master's form). */
export interface RecallCheckedDevice {
  readonly issuingAgency: IssuingAgency;
  readonly deviceIdentifier: string;
  readonly lotNumber: string | null;
  readonly serialNumber: string | null;
}

/** A recall that covers a device. */
export interface ActiveRecall {
  readonly recallNumber: string;
  readonly recallClass: RecallClass;
}

/**
 * The recalls active at `at` (from the first to the last day of the recall, facility dates) that
 * cover the device: its lot listed or in the lot range, its serial listed, or the whole device
 * identifier; ordered by recall number. Reads in the caller's transaction.
 */
export async function activeRecalls(
  manager: EntityManager,
  device: RecallCheckedDevice,
  at: Date,
): Promise<ActiveRecall[]> {
  const recalls = await manager
    .createQueryBuilder(DeviceRecall, 'r')
    .where('r.issuingAgency = :agency AND r.deviceIdentifier = :di', {
      agency: device.issuingAgency,
      di: device.deviceIdentifier,
    })
    .andWhere('r.activeFrom <= :at AND (r.activeUntil IS NULL OR r.activeUntil > :at)', { at })
    .orderBy('r.recallNumber', 'ASC')
    .getMany();
  return recalls
    .filter((recall) => covers(recall, device))
    .map(({ recallNumber, recallClass }) => ({ recallNumber, recallClass }));
}
