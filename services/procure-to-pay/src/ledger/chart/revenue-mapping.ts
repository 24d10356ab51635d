import { isRevenueCode } from '@meridian/contracts';

/** The revenue account and cost center one revenue code posts to. */
export interface RevenuePosting {
  readonly accountCode: string;
  readonly costCenter: string;
}

/** Mapping rows keyed by exact code ('0120') or 3-digit family ('012'). */
export type RevenueMappings = ReadonlyMap<string, RevenuePosting>;

/**
 * The posting of a UB-04 revenue code: its exact mapping (a unit's own code, such as 0214
 * for Telemetry 5 East), else its family's (021x); undefined when neither is mapped.
 */
export function resolveRevenueCode(
  revenueCode: string,
  mappings: RevenueMappings,
): RevenuePosting | undefined {
  if (!isRevenueCode(revenueCode)) return undefined;
  return mappings.get(revenueCode) ?? mappings.get(revenueCode.slice(0, 3));
}
