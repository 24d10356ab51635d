// UDI device identifiers (DI) of the three FDA-accredited issuing agencies, as the item master keys
// items on them: one form per agency, so a DI read from any label of the device compares equal.
import { normalizeGtin } from '@meridian/udi';

/** The issuing agencies whose device identifiers the item master holds. */
export const ISSUING_AGENCIES = ['GS1', 'HIBCC', 'ICCBBA'] as const;
export type IssuingAgency = (typeof ISSUING_AGENCIES)[number];

/** One device identifier of an item, unique per issuing agency across the item master. */
export interface DeviceIdentifier {
  readonly issuingAgency: IssuingAgency;
  readonly deviceIdentifier: string;
}

export type DeviceIdentifierResult =
  | { readonly ok: true; readonly deviceIdentifier: string }
  | { readonly ok: false; readonly message: string };

/**
 * HIBC LIC primary data without its `+` flag and check character: the labeler identification code
 * (4 characters, the first a letter), the product or catalogue number (1 to 18 alphanumerics) and
 * the unit of measure digit (0 the unit of use, 1-8 package levels, 9 variable quantity). HIBC data
 * is upper case.
 */
const HIBCC_DI = /^[A-Z][A-Z0-9]{3}[A-Z0-9]{1,18}[0-9]$/;

/**
 * ISBT 128 device identifiers, as the ICCBBA labels carry them without their data identifiers: the
 * Processor Product Identification Code (data structure 034, `=/`: the processor's facility
 * identification number, the facility-defined product code and the product description code,
 * 5 + 6 + 5 characters, e.g. A9999XYZ100T0944) or, on labels without one, the Product Code (data
 * structure 003, `=<`: product description code, collection type and divisions, 8 characters whose
 * division letters are lower case, e.g. T0944V0a). The same forms @meridian/udi reads off a label.
 */
const ICCBBA_PPIC = /^[A-NP-Z0-9]{5}[A-Z0-9]{6}[A-Z0-9]{5}$/;
const ICCBBA_PRODUCT_CODE = /^[A-Z][A-Z0-9]{4}[A-Za-z0-9][A-Z0-9][a-z0-9]$/;

/**
 * The device identifier in the item master's form for its agency, or why it is not one: GS1 as the
 * GTIN-14 (GTIN-8/12/13 padded, mod-10 check digit verified), HIBCC upper-cased (HIBC data is
 * upper case) and ICCBBA as given (its product codes are case-sensitive), each checked against its
 * structure.
 */
export function normalizeDeviceIdentifier(
  issuingAgency: IssuingAgency,
  raw: string,
): DeviceIdentifierResult {
  switch (issuingAgency) {
    case 'GS1': {
      const gtin = normalizeGtin(raw);
      return gtin.ok ? { ok: true, deviceIdentifier: gtin.gtin } : gtin;
    }
    case 'HIBCC': {
      const di = raw.toUpperCase();
      return HIBCC_DI.test(di)
        ? { ok: true, deviceIdentifier: di }
        : {
            ok: false,
            message:
              'must be a HIBC LIC device identifier: labeler code (4, a letter first), product number (1-18 alphanumerics) and unit of measure digit, without the + flag and check character, e.g. H123PART0011',
          };
    }
    case 'ICCBBA':
      return ICCBBA_PPIC.test(raw) || ICCBBA_PRODUCT_CODE.test(raw)
        ? { ok: true, deviceIdentifier: raw }
        : {
            ok: false,
            message:
              'must be an ISBT 128 processor product identification code (16 characters: facility identification number, product code, product description code, e.g. A9999XYZ100T0944) or product code (8, e.g. T0944V00), without its =/ or =< data identifier',
          };
  }
}

/** Whether `value` is an issuing agency the item master knows. */
export function isIssuingAgency(value: string): value is IssuingAgency {
  return (ISSUING_AGENCIES as readonly string[]).includes(value);
}
