import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';

export const FACILITY_PARAM = {
  name: 'facilityId',
  example: 'MGH',
  description: 'Facility code (PV1-3.4).',
} as const;

export const UNIT_PARAM = {
  name: 'unitId',
  example: '4W',
  description: 'Unit code within the facility (PV1-3.1).',
} as const;

/** The facility and unit of a route under `facilities/:facilityId/units/:unitId`. */
export function ApiUnitParams(): MethodDecorator {
  return applyDecorators(ApiParam(FACILITY_PARAM), ApiParam(UNIT_PARAM));
}

/**
 * The documentation of a route without a facility: the same as `route` (the facility's route),
 * for the unit of the default facility (DEFAULT_FACILITY). Kept for clients of the
 * single-facility API; deprecated in the OpenAPI document.
 */
export function ApiDefaultFacilityAlias(route: string): MethodDecorator {
  return applyDecorators(
    ApiOperation({
      summary: `${route} of the default facility (DEFAULT_FACILITY)`,
      deprecated: true,
    }),
    ApiParam(UNIT_PARAM),
  );
}
