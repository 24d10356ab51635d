import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '@meridian/service-kit';

const TYPE = 'urn:meridian:problem:supply';

/** 422: the item the request names is not in the item master. */
export function unknownItem(field: string, value: string): ProblemException {
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, {
    type: `${TYPE}:unknown-item`,
    title: 'Unknown item',
    detail: `no item with ${field} ${value} in the item master`,
    errors: [{ field, message: 'is not in the item master' }],
  });
}

/** 422: the item was deactivated in the item master (new usages name its successor). */
export function inactiveItem(field: string, itemId: string): ProblemException {
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, {
    type: `${TYPE}:inactive-item`,
    title: 'Inactive item',
    detail: `${itemId} is inactive in the item master`,
    errors: [{ field, message: 'is an inactive item' }],
  });
}

/** 422: implants go through the implant scan (implant-to-invoice), not POST /usage. */
export function implantItem(field: string, itemId: string): ProblemException {
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, {
    type: `${TYPE}:implant-item`,
    title: 'Implant item',
    detail: `${itemId} is an implant: capture it with the implant scan, not as a supply usage`,
    errors: [{ field, message: 'is an implant: use the implant scan' }],
  });
}

/** 422: the item is issued in another unit of measure (no conversions). */
export function otherUnitOfMeasure(itemId: string, expected: string): ProblemException {
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, {
    type: `${TYPE}:unit-of-measure`,
    title: 'Unit of measure does not match the item',
    detail: `${itemId} is used in ${expected}`,
    errors: [{ field: 'unitOfMeasure', message: `must be ${expected} for ${itemId}` }],
  });
}

/** 409: a client reused a usageId for a different usage. */
export function usageIdTaken(usageId: string): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, {
    type: `${TYPE}:usage-id-conflict`,
    title: 'usageId already used',
    detail: `usage ${usageId} was recorded with another encounter, item or quantity`,
    errors: [{ field: 'usageId', message: 'is already used for a different usage' }],
  });
}

/** 409: a usage on a claim is corrected in revenue-cycle (credit or late charge), not voided. */
export function usageReconciled(usageId: string, sagaId: string): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, {
    type: `${TYPE}:usage-reconciled`,
    title: 'Usage already reconciled for a claim',
    detail:
      `usage ${usageId} was passed to a claim by discharge-to-revenue saga ${sagaId}; ` +
      'correct the claim with a charge correction in revenue-cycle instead',
  });
}
