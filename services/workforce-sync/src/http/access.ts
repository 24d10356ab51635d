import type { Role } from '@meridian/service-kit';

/**
 * Who may call this service's routes (`@Authorize` on each route: a class-level one would stay in
 * the OpenAPI security of a route that narrows it), in one place. Bed managers and administrators
 * read the bed board, units, facilities and roster; bed managers mark beds clean; administrators
 * keep the reference data (facilities, units). The HR webhook signs its calls instead
 * (`hr/hr-signature.guard.ts`).
 */
export const BED_BOARD_READERS: readonly [Role, ...Role[]] = ['bed-manager', 'admin'];
export const HOUSEKEEPING: readonly [Role, ...Role[]] = ['bed-manager'];
export const REFERENCE_DATA_EDITORS: readonly [Role, ...Role[]] = ['admin'];
