export {
  GS,
  gs1Date,
  parseGs1Barcode,
  type Gs1Barcode,
  type Gs1ParseResult,
} from './gs1-barcode.js';
export { gs1Udi, type Gs1UdiInput } from './gs1.js';
export { gtinCheckDigit } from './gtin.js';
export { hibccCheckCharacter, hibccSplitUdi, hibccUdi, type HibccUdiInput } from './hibcc.js';
export { isbt128CheckCharacter, isbt128Udi, type Isbt128UdiInput } from './isbt128.js';
export type { ParsedUdi, UdiIssuingAgency, UdiParseResult } from './parsed-udi.js';
export { MAX_UDI_LENGTH, parseHibccScans, parseUdi } from './udi.js';
