import type { Location } from '@meridian/contracts';

/** A location from its parts; undefined without a unit (the bed board's key). */
export function toLocation(parts: {
  readonly unitId: string | undefined;
  readonly roomId: string | undefined;
  readonly bedId: string | undefined;
  readonly facilityId: string | undefined;
}): Location | undefined {
  if (!parts.unitId) return undefined;
  return {
    facilityId: parts.facilityId || null,
    unitId: parts.unitId,
    roomId: parts.roomId || null,
    bedId: parts.bedId || null,
  };
}
