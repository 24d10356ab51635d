// What the demo feeder knows of the hospital and decides next: pure, so it is unit-tested.
import type { AdtLocation } from '@meridian/hl7';
import type { ClinicalPicture, Stay } from '@meridian/testing';

export interface Bed {
  readonly facilityId: string;
  readonly unitId: string;
  readonly roomId: string;
  readonly bedId: string;
  readonly status: string;
}

export interface Admitted {
  readonly stay: Stay;
  readonly admittedTick: number;
}

export type Action =
  | { readonly kind: 'admit'; readonly bed: Bed; readonly picture: ClinicalPicture }
  | { readonly kind: 'transfer'; readonly visitNumber: string; readonly to: Bed }
  | { readonly kind: 'supplies'; readonly visitNumber: string }
  | { readonly kind: 'discharge'; readonly visitNumber: string; readonly principal: boolean }
  | { readonly kind: 'cancel-discharge'; readonly visitNumber: string }
  | { readonly kind: 'invalid'; readonly defect: 'missing PID-3' | 'bad PV1-45' }
  | { readonly kind: 'clean'; readonly bed: Bed }
  | { readonly kind: 'code' }
  | { readonly kind: 'implant'; readonly visitNumber: string }
  | { readonly kind: 'invoice' };

export interface World {
  readonly tick: number;
  readonly beds: readonly Bed[];
  readonly admitted: readonly Admitted[];
  /** Discharged in the last few ticks and not cancelled: candidates for an A13. */
  readonly recentlyDischarged: readonly string[];
  readonly pictures: readonly ClinicalPicture[];
  /** Inpatients the demo keeps in house. */
  readonly targetCensus: number;
  /** Ticks a patient stays at least. */
  readonly minStayTicks: number;
}

export const bedLocation = (bed: Bed): AdtLocation => ({
  unitId: bed.unitId,
  roomId: bed.roomId,
  bedId: bed.bedId,
  facilityId: bed.facilityId,
});

const pick = <T>(items: readonly T[], random: () => number): T | undefined =>
  items[Math.floor(random() * items.length)];

/**
 * The next thing that happens in the hospital: admissions until the target census, then a mix of
 * discharges (15% without a principal diagnosis, so a coder must step in), transfers, supply
 * documentation, implants scanned in the OR, supplier invoices for them, housekeeping, coding, the
 * odd cancelled discharge and a malformed message.
 */
export function nextAction(world: World, random: () => number): Action {
  const free = world.beds.filter((b) => b.status === 'AVAILABLE');
  const cleaning = world.beds.filter((b) => b.status === 'CLEANING');
  const ready = world.admitted.filter((a) => world.tick - a.admittedTick >= world.minStayTicks);
  const roll = random();
  if (roll < 0.04)
    return { kind: 'invalid', defect: random() < 0.5 ? 'missing PID-3' : 'bad PV1-45' };
  if (roll < 0.08 && world.recentlyDischarged.length > 0) {
    return { kind: 'cancel-discharge', visitNumber: world.recentlyDischarged[0] ?? '' };
  }
  if (roll < 0.2 && cleaning.length > 0) return { kind: 'clean', bed: cleaning[0] as Bed };
  if (roll < 0.28) return { kind: 'code' };
  if (roll < 0.32) return { kind: 'invoice' };
  const admit = (): Action | undefined => {
    const bed = pick(free, random);
    if (!bed) return undefined;
    const fits = world.pictures.filter((p) => p.unitId === bed.unitId);
    const picture = pick(fits.length > 0 ? fits : world.pictures, random);
    return picture ? { kind: 'admit', bed, picture } : undefined;
  };
  if (world.admitted.length < world.targetCensus) {
    const admission = admit();
    if (admission) return admission;
  }
  const patient = pick(ready, random) ?? pick(world.admitted, random);
  if (!patient) return admit() ?? { kind: 'code' };
  const visitNumber = patient.stay.visitNumber;
  if (roll < 0.4) return { kind: 'supplies', visitNumber };
  if (roll < 0.45) return { kind: 'implant', visitNumber };
  if (roll < 0.52) {
    // An A02 moves a patient within the hospital: another unit of the same facility.
    const here = patient.stay.location;
    const elsewhere = free.filter(
      (b) => b.facilityId === here.facilityId && b.unitId !== here.unitId,
    );
    const to = pick(elsewhere, random);
    if (to) return { kind: 'transfer', visitNumber, to };
  }
  if (ready.includes(patient))
    return { kind: 'discharge', visitNumber, principal: random() >= 0.15 };
  return { kind: 'supplies', visitNumber };
}
