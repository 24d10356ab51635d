// The encounter's identity across a network of facilities. A visit number is unique only within
// the facility (assigning authority) that issued it: V1 of MGH and V1 of BWH are two encounters.
// Every event, saga business key, claim and journal therefore carries the qualified id.

/** A visit number with the authority that assigned it (HL7 v2 CX: PV1-19.1 and PV1-19.4). */
export interface VisitNumber {
  readonly visitNumber: string;
  readonly visitNumberAuthority: string;
}

/** An authority is a facility code: letters, digits, '.', '_' or '-' (no ':', the separator). */
const AUTHORITY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

export function isAuthority(value: string): boolean {
  return AUTHORITY.test(value);
}

/** The network-unique encounter id: `<authority>:<visit number>`, e.g. `MGH:V000123`. */
export function encounterIdOf(visit: VisitNumber): string {
  if (!isAuthority(visit.visitNumberAuthority))
    throw new Error('a visit number authority must be a facility code');
  return `${visit.visitNumberAuthority}:${visit.visitNumber}`;
}
