import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '@meridian/service-kit';

const TYPE = 'urn:meridian:problem:supply';

/** The rule failures of an implant capture, as the `code` member of their problem. */
export type ImplantRuleCode = 'EXPIRED' | 'RECALLED' | 'SERIAL_ALREADY_IMPLANTED';

/** 422 EXPIRED: the UDI's expiry date is before the day of use (the expiry day itself is fine). */
export function expiredDevice(
  field: string,
  expirationDate: string,
  usedOn: string,
): ProblemException {
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, {
    type: `${TYPE}:expired`,
    title: 'Device expired',
    detail: `the device expired on ${expirationDate}, before its use on ${usedOn}`,
    errors: [{ field, message: `expired on ${expirationDate}` }],
    extensions: { code: 'EXPIRED' satisfies ImplantRuleCode, expirationDate, usedOn },
  });
}

/** 409 RECALLED: the lot or serial is under an active recall and the request did not override it. */
export function recalledDevice(field: string, recallNumbers: readonly string[]): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, {
    type: `${TYPE}:recalled`,
    title: 'Device under an active recall',
    detail:
      `the device is covered by recall ${recallNumbers.join(', ')}; ` +
      'a caller with the role supply-supervisor may override it with recallOverride { reason }',
    errors: [{ field, message: `is recalled (${recallNumbers.join(', ')})` }],
    extensions: { code: 'RECALLED' satisfies ImplantRuleCode, recallNumbers },
  });
}

/** 409: the serialised device is already implanted (a usage not reversed). */
export function serialAlreadyImplanted(
  field: string,
  serialNumber: string,
  earlierUsageId: string,
): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, {
    type: `${TYPE}:serial-already-implanted`,
    title: 'Serial number already implanted',
    detail:
      `serial ${serialNumber} of this device was captured by usage ${earlierUsageId}; ` +
      'reverse that usage first if it was captured in error',
    errors: [{ field, message: `was already captured by usage ${earlierUsageId}` }],
    extensions: {
      code: 'SERIAL_ALREADY_IMPLANTED' satisfies ImplantRuleCode,
      usageId: earlierUsageId,
    },
  });
}

/** 409: a client reused a usageId for a different capture. */
export function implantUsageIdTaken(usageId: string): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, {
    type: `${TYPE}:usage-id-conflict`,
    title: 'usageId already used',
    detail: `usage ${usageId} was captured with another request`,
    errors: [{ field: 'usageId', message: 'is already used for a different implant usage' }],
  });
}

/** 409: the usage was reversed (or its reversal is under way) already. */
export function alreadyReversed(usageId: string, reason: string): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, {
    type: `${TYPE}:already-reversed`,
    title: 'Implant usage already reversed',
    detail: `usage ${usageId} was already reversed (${reason})`,
  });
}

/** 409: the implant-to-invoice saga completed: a correction, not a reversal. */
export function sagaCompleted(usageId: string): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, {
    type: `${TYPE}:implant-saga-completed`,
    title: 'Implant usage already invoiced and replenished',
    detail:
      `the implant-to-invoice saga of usage ${usageId} has completed (invoice approved, restock ` +
      'requested): it can no longer be undone; correct it with a supplier credit and a patient ' +
      'charge correction instead',
  });
}

/** 422: the device identifier is an item of the item master that is not an implant. */
export function notAnImplant(field: string, itemId: string): ProblemException {
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, {
    type: `${TYPE}:not-an-implant`,
    title: 'Not an implant',
    detail: `${itemId} is not an implant in the item master: record it as a supply usage (POST /usage)`,
    errors: [{ field, message: `is item ${itemId}, not an implant` }],
  });
}
