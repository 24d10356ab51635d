// Nurse staffing arithmetic: patients per RN, required RNs for a census, and when a unit's
// demand changes. Ratios are kept in hundredths (5 -> 500, 1.5 -> 150) so ceil() stays exact.

/** Job code the staffing demand is computed for: registered nurses. */
export const RN_JOB_CODE = 'RN';

/** Patients per RN, in hundredths. */
export type PatientsPerRn = number;

/** Patients per RN by unit, `<facility>:<unit>`. */
export type StaffingRatios = ReadonlyMap<string, PatientsPerRn>;

const RATIO = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/** `5`, `4.5`, `1.25` (above 0, at most 999.99, two decimals) in hundredths, else undefined. */
export function parseRatio(raw: string): PatientsPerRn | undefined {
  const match = RATIO.exec(raw.trim());
  if (!match) return undefined;
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return hundredths > 0 ? hundredths : undefined;
}

/** The decimal string of a ratio, scale 2 (500 -> '5.00'), as StaffingDemandChanged carries it. */
export function formatRatio(ratio: PatientsPerRn): string {
  return `${Math.floor(ratio / 100)}.${String(ratio % 100).padStart(2, '0')}`;
}

/** RNs a census needs: ceil(census / patients per RN); none for an empty unit. */
export function requiredRns(census: number, ratio: PatientsPerRn): number {
  if (census <= 0) return 0;
  return Math.floor((census * 100 + ratio - 1) / ratio);
}

/** A unit in STAFFING_RATIOS: `4W` (the default facility's) or `BWH:4W`, codes as the import takes them. */
const UNIT = /^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,31}:)?[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

/**
 * `4W=6,BWH:ICU=1.5`: units (each at most once) with a valid ratio, comma-separated; blank is no
 * entry at all. Keys as written (`qualifyRatios` gives bare ones a facility). Undefined when an
 * entry is malformed.
 */
export function parseStaffingRatios(raw: string): StaffingRatios | undefined {
  const ratios = new Map<string, PatientsPerRn>();
  if (raw.trim() === '') return ratios;
  for (const entry of raw.split(',')) {
    const [unit = '', value = '', ...rest] = entry.split('=').map((part) => part.trim());
    const ratio = parseRatio(value);
    if (rest.length > 0 || !UNIT.test(unit) || ratios.has(unit) || !ratio) return undefined;
    ratios.set(unit, ratio);
  }
  return ratios;
}

/** The ratios keyed `<facility>:<unit>`: a bare unit id is one of `defaultFacility`. */
export function qualifyRatios(ratios: StaffingRatios, defaultFacility: string): StaffingRatios {
  return new Map(
    [...ratios].map(([unit, ratio]) => [
      unit.includes(':') ? unit : `${defaultFacility}:${unit}`,
      ratio,
    ]),
  );
}

/** A unit with the ratio it was imported with (null: an unconfigured unit, seen in ADT only). */
export interface RatedUnit {
  readonly facilityId: string;
  readonly unitId: string;
  readonly patientsPerRn: PatientsPerRn | null;
}

/** The unit's ratio: the one STAFFING_RATIOS gives for it (an override), else its own. */
export function ratioOf(overrides: StaffingRatios, unit: RatedUnit): PatientsPerRn | null {
  return overrides.get(`${unit.facilityId}:${unit.unitId}`) ?? unit.patientsPerRn;
}

/** The last staffing demand published for a unit. */
export interface PublishedDemand {
  readonly census: number;
  readonly headcount: number;
}

export interface DemandChange {
  readonly census: number;
  readonly requiredHeadcount: number;
  /** Of the previously published demand; null for a unit's first. */
  readonly previousCensus: number | null;
  readonly previousRequiredHeadcount: number | null;
}

/**
 * The demand to publish after a unit's census went from `previousCensus` to `census`, or null when
 * the required headcount stays what was last published (before any was published: what the
 * previous census required).
 */
export function demandChange(args: {
  readonly previousCensus: number;
  readonly census: number;
  readonly ratio: PatientsPerRn;
  readonly published: PublishedDemand | null;
}): DemandChange | null {
  const { census, ratio, published } = args;
  const required = requiredRns(census, ratio);
  const baseline = published?.headcount ?? requiredRns(args.previousCensus, ratio);
  if (required === baseline) return null;
  return {
    census,
    requiredHeadcount: required,
    previousCensus: published?.census ?? null,
    previousRequiredHeadcount: published?.headcount ?? null,
  };
}
