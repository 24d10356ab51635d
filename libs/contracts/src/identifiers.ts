// Identifiers every service reads the same way: reference-data codes, the network-unique
// encounter id and the payer of a self-pay encounter.

/**
 * A reference-data code (facility, unit, room, bed, cost center, payer): a letter or digit
 * first, then letters, digits, '.', '_' or '-'. Nothing HL7 v2 uses as a delimiter and no ':',
 * so a code reads back from PV1-3 as it is and qualifies an encounter id unambiguously.
 */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The longest facility code (the authority of a visit number). */
export const MAX_FACILITY_CODE = 32;

export function isCode(value: string, maxLength: number = MAX_FACILITY_CODE): boolean {
  return value.length <= maxLength && CODE_PATTERN.test(value);
}

/** A visit number with the facility (assigning authority) that issued it: PV1-19.1 and PV1-19.4. */
export interface VisitNumber {
  readonly visitNumber: string;
  readonly visitNumberAuthority: string;
}

/**
 * The network-unique encounter id, `<facility>:<visit number>` (`MGH:V000123`): a visit number is
 * unique only within the facility that assigned it. The visit number is 1 to 64 characters
 * without control characters or surrounding spaces.
 */
export const ENCOUNTER_ID_PATTERN =
  // eslint-disable-next-line no-control-regex -- control characters are what it excludes
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}:(?! )[^\u0000-\u001f\u007f]{0,63}[^\u0000-\u001f\u007f ]$/;

export function isEncounterId(value: string): boolean {
  return ENCOUNTER_ID_PATTERN.test(value);
}

export function encounterIdOf(visit: VisitNumber): string {
  const id = `${visit.visitNumberAuthority}:${visit.visitNumber}`;
  if (!isCode(visit.visitNumberAuthority) || !isEncounterId(id))
    throw new Error('a visit number or its authority is not usable in an id');
  return id;
}

/** The payer of an encounter without insurance (837I self-pay); never a payer-master entry. */
export const SELF_PAY = 'SELF-PAY';
