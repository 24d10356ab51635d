// Whether the payer master knows what a claim is billed to (pure): the payer, and its plan if any.
import type { Payer } from './payer.entity.js';

/** What a claim is billed to: the payer and, when known, its plan. */
export interface Coverage {
  readonly payerId: string;
  readonly planId: string | null;
}

/** Why a claim's payer or plan is not one the payer master knows (PAYER_UNKNOWN). */
export interface UnknownCoverage {
  readonly message: string;
  readonly details: Readonly<Record<string, string>>;
}

/** The payer or plan of `coverage` that `payer` (its payer master row, or null) does not know. */
export function unknownCoverage(
  coverage: Coverage,
  payer: Pick<Payer, 'plans'> | null,
): UnknownCoverage | undefined {
  const { payerId, planId } = coverage;
  if (!payer)
    return { message: `payer ${payerId} is not in the payer master`, details: { payerId } };
  if (planId !== null && !payer.plans.some((plan) => plan.planId === planId))
    return {
      message: `plan ${planId} is not a plan of payer ${payerId} in the payer master`,
      details: { payerId, planId },
    };
  return undefined;
}
