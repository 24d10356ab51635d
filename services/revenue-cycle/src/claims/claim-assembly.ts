// Assembling an institutional claim (837I / UB-04) from finalized charges (pure): service lines
// grouped by revenue code and CPT/HCPCS, totals by revenue code, and the checks a claim must pass.
import type { ClaimType, CodedDiagnosis, PatientClass } from '@meridian/contracts';
import { formatCents, sumCents } from '@meridian/contracts';
import { CURRENCY } from '../shared/publish.js';

export interface BillableCharge {
  readonly chargeId: string;
  readonly revenueCode: string;
  readonly cptHcpcsCode: string | null;
  readonly units: number;
  readonly amountCents: number;
  readonly serviceDate: string;
}

export interface AssembledLine {
  readonly lineNumber: number;
  readonly revenueCode: string;
  readonly cptHcpcsCode: string | null;
  /** Null on inpatient claims (the statement period dates them); the service date otherwise. */
  readonly serviceDate: string | null;
  readonly units: number;
  readonly amountCents: number;
}

export interface AssembledClaim {
  readonly lines: readonly AssembledLine[];
  readonly totalCents: number;
  readonly revenueCodeTotals: readonly {
    readonly revenueCode: string;
    readonly amountCents: number;
  }[];
}

export interface ClaimRejection {
  readonly code:
    | 'MISSING_PRINCIPAL_DIAGNOSIS'
    | 'CHARGES_NOT_BILLABLE'
    | 'CLAIM_TOTAL_MISMATCH'
    | 'UNSUPPORTED_CLAIM';
  readonly message: string;
  readonly details: Readonly<Record<string, string>>;
}

export type ClaimCheck =
  | { readonly ok: true; readonly claim: AssembledClaim }
  | { readonly ok: false; readonly rejection: ClaimRejection };

/** UB-04 type of bill (FL4): hospital inpatient admit through discharge, else hospital outpatient. */
export function typeOfBill(patientClass: PatientClass): string {
  return patientClass === 'INPATIENT' ? '0111' : '0131';
}

const compare = (a: string | null, b: string | null): number => (a ?? '').localeCompare(b ?? '');

/**
 * Service lines: charges with the same revenue code and CPT/HCPCS code (and, on claims that are
 * not inpatient, the same service date) make one line with their units and amounts summed;
 * ordered by revenue code, numbered from 1.
 */
export function assembleClaim(
  charges: readonly BillableCharge[],
  patientClass: PatientClass,
): AssembledClaim {
  const dated = patientClass !== 'INPATIENT';
  const groups = new Map<string, Omit<AssembledLine, 'lineNumber'>>();
  for (const charge of charges) {
    const serviceDate = dated ? charge.serviceDate : null;
    const key = JSON.stringify([charge.revenueCode, charge.cptHcpcsCode, serviceDate]);
    const line = groups.get(key);
    groups.set(key, {
      revenueCode: charge.revenueCode,
      cptHcpcsCode: charge.cptHcpcsCode,
      serviceDate,
      units: (line?.units ?? 0) + charge.units,
      amountCents: sumCents([line?.amountCents ?? 0, charge.amountCents]),
    });
  }
  const lines = [...groups.values()]
    .sort(
      (a, b) =>
        compare(a.revenueCode, b.revenueCode) ||
        compare(a.cptHcpcsCode, b.cptHcpcsCode) ||
        compare(a.serviceDate, b.serviceDate),
    )
    .map((line, index) => ({ lineNumber: index + 1, ...line }));
  const byRevenueCode = new Map<string, number>();
  for (const line of lines) {
    byRevenueCode.set(
      line.revenueCode,
      sumCents([byRevenueCode.get(line.revenueCode) ?? 0, line.amountCents]),
    );
  }
  return {
    lines,
    totalCents: sumCents(lines.map((line) => line.amountCents)),
    revenueCodeTotals: [...byRevenueCode].map(([revenueCode, amountCents]) => ({
      revenueCode,
      amountCents,
    })),
  };
}

export interface ClaimRequest {
  readonly claimType: ClaimType;
  readonly currency: string;
  readonly patientClass: PatientClass;
  readonly diagnoses: readonly CodedDiagnosis[];
  /** The charges the claim is to bill. */
  readonly chargeIds: readonly string[];
  /** Their total as finalized; the claim total must equal it. */
  readonly expectedTotalCents: number;
}

function reject(
  code: ClaimRejection['code'],
  message: string,
  details: Record<string, string>,
): ClaimCheck {
  return { ok: false, rejection: { code, message, details } };
}

/**
 * The claim of `request` from the ACTIVE charges found for its chargeIds, or why there is none:
 * not an 837I in USD, no principal diagnosis, a charge missing or reversed (or none at all), or
 * a total that differs from the finalized one.
 */
export function checkClaim(
  request: ClaimRequest,
  activeCharges: readonly BillableCharge[],
): ClaimCheck {
  if (request.claimType !== 'INSTITUTIONAL_837I' || request.currency !== CURRENCY) {
    return reject(
      'UNSUPPORTED_CLAIM',
      `only ${CURRENCY} institutional (837I) claims are supported`,
      {
        claimType: request.claimType,
        currency: request.currency,
      },
    );
  }
  if (!request.diagnoses.some((d) => d.principal)) {
    return reject('MISSING_PRINCIPAL_DIAGNOSIS', 'the claim has no principal diagnosis', {});
  }
  const found = new Set(activeCharges.map((c) => c.chargeId));
  const unbillable = [...new Set(request.chargeIds)].filter((id) => !found.has(id));
  if (request.chargeIds.length === 0 || unbillable.length > 0) {
    return reject(
      'CHARGES_NOT_BILLABLE',
      request.chargeIds.length === 0
        ? 'the claim has no charges'
        : `${unbillable.length} charge(s) are unknown or not ACTIVE`,
      { chargeIds: unbillable.join(',') },
    );
  }
  const billed = activeCharges.filter((c) => request.chargeIds.includes(c.chargeId));
  const claim = assembleClaim(billed, request.patientClass);
  if (claim.totalCents !== request.expectedTotalCents) {
    return reject(
      'CLAIM_TOTAL_MISMATCH',
      'the claim total differs from the finalized charges total',
      {
        expectedTotal: formatCents(request.expectedTotalCents),
        claimTotal: formatCents(claim.totalCents),
      },
    );
  }
  return { ok: true, claim };
}
