export {
  GS,
  gs1Date,
  parseGs1Barcode,
  type Gs1Barcode,
  type Gs1ParseResult,
} from './gs1-barcode.js';
export { gs1Udi, type Gs1UdiInput } from './gs1.js';
export { gtinCheckDigit, normalizeGtin, type GtinResult } from './gtin.js';
export { hibccCheckCharacter } from './hibcc.js';
export { hibccSplitUdi, hibccUdi, type HibccUdiInput } from './hibcc-builder.js';
export { isbt128CheckCharacter } from './isbt128.js';
export { isbt128Udi, type Isbt128UdiInput } from './isbt128-builder.js';
export type { ParsedUdi, UdiIssuingAgency, UdiParseResult } from './parsed-udi.js';
export { MAX_UDI_LENGTH, parseHibccScans, parseUdi } from './udi.js';
