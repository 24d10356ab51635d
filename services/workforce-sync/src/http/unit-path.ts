import { applyDecorators } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

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
