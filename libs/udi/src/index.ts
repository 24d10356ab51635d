export {
  GS,
  gs1Date,
  parseGs1Barcode,
  type Gs1Barcode,
  type Gs1ParseResult,
} from './gs1-barcode.js';
export { gtinCheckDigit } from './gtin.js';
