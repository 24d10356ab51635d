// Which devices of a device identifier a recall covers: pure, shared by the import's validation
// (is a lot range well formed) and the recall check (is this lot or serial recalled).

/**
 * An inclusive lot range `lotFrom`..`lotTo`, e.g. `A2026-0100`..`A2026-0199`. Each bound splits
 * into a prefix and its numeric suffix (the longest run of digits the lot ends in). The bounds must
 * have the same prefix and suffixes of the same width with lotFrom's not above lotTo's; a lot is in
 * the range when it is that prefix followed by exactly that many digits, numerically between the
 * bounds' suffixes. Lots compare case-sensitively, as printed on the label (GS1 AI 10 is case
 * sensitive): `A0100` is not in `a0100`..`a0199`.
 */
export interface LotRange {
  readonly prefix: string;
  readonly from: string;
  readonly to: string;
}

export type LotRangeResult =
  | { readonly ok: true; readonly range: LotRange }
  | { readonly ok: false; readonly field: 'lotFrom' | 'lotTo'; readonly message: string };

const NUMERIC_SUFFIX = /^(.*?)(\d+)$/;

/** The range of `lotFrom`..`lotTo`, or which bound breaks the rule and why. */
export function lotRange(lotFrom: string, lotTo: string): LotRangeResult {
  const from = NUMERIC_SUFFIX.exec(lotFrom);
  if (!from) return { ok: false, field: 'lotFrom', message: 'must end in digits (a lot range)' };
  const to = NUMERIC_SUFFIX.exec(lotTo);
  if (!to) return { ok: false, field: 'lotTo', message: 'must end in digits (a lot range)' };
  const [, fromPrefix = '', fromDigits = ''] = from;
  const [, toPrefix = '', toDigits = ''] = to;
  if (fromPrefix !== toPrefix) {
    return {
      ok: false,
      field: 'lotTo',
      message: `must have the prefix of lotFrom (${fromPrefix})`,
    };
  }
  if (fromDigits.length !== toDigits.length) {
    return {
      ok: false,
      field: 'lotTo',
      message: `must end in ${fromDigits.length} digits like lotFrom`,
    };
  }
  // Equal widths: comparing the digit strings compares the numbers, however long.
  if (fromDigits > toDigits)
    return { ok: false, field: 'lotTo', message: 'must not be below lotFrom' };
  return { ok: true, range: { prefix: fromPrefix, from: fromDigits, to: toDigits } };
}

/** Whether `lot` lies in the range (see LotRange). */
export function inLotRange(lot: string, range: LotRange): boolean {
  if (!lot.startsWith(range.prefix)) return false;
  const digits = lot.slice(range.prefix.length);
  return (
    digits.length === range.from.length &&
    /^\d+$/.test(digits) &&
    digits >= range.from &&
    digits <= range.to
  );
}

/** What a recall covers of its device identifier. */
export interface RecallScope {
  readonly lots: readonly string[];
  readonly lotFrom: string | null;
  readonly lotTo: string | null;
  readonly serials: readonly string[];
}

/** The device as scanned, of the recall's device identifier. */
export interface RecalledDeviceKey {
  readonly lotNumber: string | null;
  readonly serialNumber: string | null;
}

/**
 * Whether the recall covers the device: its lot is listed or in the lot range, or its serial is
 * listed; a recall listing no lot, range or serial covers every device of its identifier.
 */
export function covers(scope: RecallScope, device: RecalledDeviceKey): boolean {
  const range =
    scope.lotFrom !== null && scope.lotTo !== null ? lotRange(scope.lotFrom, scope.lotTo) : null;
  if (scope.lots.length === 0 && range === null && scope.serials.length === 0) return true;
  const { lotNumber, serialNumber } = device;
  return (
    (lotNumber !== null &&
      (scope.lots.includes(lotNumber) ||
        (range?.ok === true && inLotRange(lotNumber, range.range)))) ||
    (serialNumber !== null && scope.serials.includes(serialNumber))
  );
}
