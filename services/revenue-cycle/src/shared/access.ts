// Who may call revenue-cycle's HTTP API (issue 15's role map), in one place: each route names one
// of these lists with `@Authorize`.
import type { Role } from '@meridian/service-kit';

/** The payer master and the chargemaster: read by coders and revenue integrity. */
export const REFERENCE_READERS = [
  'coder',
  'revenue-integrity',
  'admin',
] as const satisfies readonly Role[];

/** ...and maintained (PUT one, bulk import) by revenue integrity. */
export const REFERENCE_WRITERS = ['revenue-integrity', 'admin'] as const satisfies readonly Role[];

/** Charges, claims and the coding queue: read by coders and revenue integrity. */
export const REVENUE_READERS = ['coder', 'revenue-integrity'] as const satisfies readonly Role[];

/** Completing a coding-queue item: a coder. */
export const CODERS = ['coder'] as const satisfies readonly Role[];
