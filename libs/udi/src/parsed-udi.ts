// What every issuing agency's UDI comes down to (FDA 21 CFR 830: a device identifier and the
// production identifiers on the label).

export type UdiIssuingAgency = 'GS1' | 'HIBCC' | 'ICCBBA';

export interface ParsedUdi {
  readonly issuingAgency: UdiIssuingAgency;
  /** GS1: the GTIN-14; HIBCC: LIC + PCN + unit of measure; ICCBBA: the PPIC (or the product code). */
  readonly deviceIdentifier: string;
  readonly lotNumber: string | null;
  readonly serialNumber: string | null;
  /** `YYYY-MM-DD` */
  readonly expirationDate: string | null;
  /** `YYYY-MM-DD` */
  readonly manufactureDate: string | null;
}

export type UdiParseResult =
  | { readonly ok: true; readonly udi: ParsedUdi }
  | { readonly ok: false; readonly part: string; readonly message: string };
