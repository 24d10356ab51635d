// ISBT 128 (ICCBBA ST-001) data structures for medical products of human origin and devices with
// a human tissue component (ST-011): the data identifier (`=` or `&` and one or two characters)
// then fixed-length content, several structures concatenated in one scan as a 2-D symbol or a
// scanner's concatenation carries them. The UDI: the Processor Product Identification Code [034]
// (or the Product Code [003]) as device identifier; Donation Identification Number [001] as serial,
// MPHO Lot Number [035], Expiration Date [004/005] and Production Date [008/009].
import { ordinalDate } from './dates.js';
import type { ParsedUdi } from './parsed-udi.js';
import { UdiError } from './udi-error.js';

interface Structure {
  readonly number: string;
  readonly name: string;
  /** Data identifier; for 001 only `=`, its second character being the first of the content. */
  readonly di: string;
  readonly length: number;
  /** Content rule of the structures this parser reads. */
  readonly pattern?: RegExp;
}

const structure = (
  number: string,
  name: string,
  di: string,
  length: number,
  pattern?: RegExp,
): Structure =>
  pattern === undefined ? { number, name, di, length } : { number, name, di, length, pattern };

const CYYJJJ = /^\d{6}$/;
const CYYJJJHHMM = /^\d{10}$/;

/** Data Structure 001: αppppyynnnnnnff (ST-001 2.4.1). */
export const DIN_STRUCTURE = structure(
  '001',
  'Donation Identification Number',
  '=',
  15,
  /^[A-NP-Z1-9][A-NP-Z0-9]{2}\d{2}\d{2}\d{6}[0-9A-HJ-NPR-Y]{2}$/,
);

/** Every fixed-length data structure of ST-001 2.4 by data identifier; 001 is matched apart. */
export const STRUCTURES = new Map<string, Structure>(
  [
    structure('002', 'Blood Groups', '=%', 4),
    structure('003', 'Product Code', '=<', 8, /^[A-Z][A-Z0-9]{4}[A-Za-z0-9][A-Z0-9][a-z0-9]$/),
    structure('004', 'Expiration Date', '=>', 6, CYYJJJ),
    structure('005', 'Expiration Date and Time', '&>', 10, CYYJJJHHMM),
    structure('006', 'Collection Date', '=*', 6),
    structure('007', 'Collection Date and Time', '&*', 10),
    structure('008', 'Production Date', '=}', 6, CYYJJJ),
    structure('009', 'Production Date and Time', '&}', 10, CYYJJJHHMM),
    structure('010', 'Special Testing: General', '&(', 5),
    structure('011', 'Special Testing: Red Blood Cell Antigens', '={', 18),
    structure('012', 'Special Testing: Red Blood Cell Antigens, General', '=\\', 18),
    structure('013', 'Special Testing: Red Blood Cell Antigens, Finnish', '&\\', 18),
    structure('014', 'Special Testing: Platelet HLA and Platelet Specific Antigens', '&{', 18),
    structure('015', 'Special Testing: HLA-A and -B Alleles', '=[', 18),
    structure('016', 'Special Testing: HLA-DRB1 Alleles', '="', 18),
    structure('017', 'Container Manufacturer and Catalog Number', '=)', 10),
    structure('018', 'Container Lot Number', '&)', 10),
    structure('019', 'Donor Identification Number', '=;', 21),
    structure('020', 'Staff Member Identification Number', "='", 11),
    structure('021', 'Manufacturer and Catalog Number: Items Other Than Containers', '=-', 10),
    structure('022', 'Lot Number: Items Other Than Containers', '&-', 10),
    structure('023', 'Compound Message', '=+', 5),
    structure('024', 'Patient Date of Birth', '=#', 10),
    structure('026', 'Expiration Month and Year', '=]', 6),
    structure('028', 'Product Consignment', '=$', 16),
    structure('031', 'Flexible Date and Time', '=(', 16),
    structure('032', 'Product Divisions', '=,', 6),
    structure('033', 'Processing Facility Information Code', '&+', 11),
    structure(
      '034',
      'Processor Product Identification Code',
      '=/',
      16,
      /^[A-NP-Z0-9]{5}[A-Z0-9]{6}[A-Z0-9]{5}$/,
    ),
    structure('035', 'MPHO Lot Number', '&,1', 18, /^[A-Z0-9]{18}$/),
    structure('036', 'MPHO Supplemental Identification Number', '&,2', 18),
    structure('037', 'Global Registration Identifier for Donors (retired)', '&,3', 19),
    structure('038', 'Single European Code', '&,4', 40),
    structure('039', 'Global Registration Identifier for Donors', '&:', 19),
    structure('040', 'Chain of Identity Identifier', '&/', 15),
  ].map((s) => [s.di, s]),
);

/** Where a wrong value of a structure is reported. */
const PARTS: Readonly<Record<string, string>> = {
  '001': 'ISBT 128 DIN',
  '003': 'ISBT 128 product code',
  '004': 'ISBT 128 expiry',
  '005': 'ISBT 128 expiry',
  '008': 'ISBT 128 production date',
  '009': 'ISBT 128 production date',
  '034': 'ISBT 128 PPIC',
  '035': 'ISBT 128 lot',
};
const partOf = (s: Structure): string => PARTS[s.number] ?? `ISBT 128 data structure ${s.number}`;

/** ISO/IEC 7064 mod 37-2 character values (ST-001 table 35). */
const ISO7064 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*';

/** The ISO/IEC 7064 mod 37-2 check value (0 to 36) of a 13-character DIN. */
export function mod37_2(din: string): number {
  let sum = 0;
  for (const character of din) {
    const value = ISO7064.indexOf(character);
    if (value === -1 || value === 36) throw new RangeError('a DIN has letters and digits only');
    sum = ((sum + value) * 2) % 37;
  }
  return (38 - sum) % 37;
}

/** The keyboard entry check character K of a 13-character DIN (ST-001 appendix A). */
export function isbt128CheckCharacter(din: string): string {
  return ISO7064.charAt(mod37_2(din));
}

/** Type 3 flag characters (60 to 96) carry 60 + the DIN's mod 37-2 value; checked when present. */
function checkDinFlags(din: string, flags: string): void {
  const value = Number(flags);
  if (!/^\d\d$/.test(flags) || value < 60 || value > 96) return;
  if (value - 60 !== mod37_2(din)) {
    throw new UdiError(
      'ISBT 128 DIN check character',
      `has DIN flag characters ${flags} where the DIN's check gives ${60 + mod37_2(din)}`,
    );
  }
}

/** The DIN as printed (eye-readable): `=` DIN [flags] K, groups optionally spaced (`=G1234 17 654321 A`). */
const DIN_HRI =
  /^=([A-NP-Z1-9][A-NP-Z0-9]{2}\d{2}) ?(\d{2}) ?(\d{6})(?: ?([0-9A-HJ-NPR-Y]{2}))? ?([0-9A-Z*])$/;

function readDinHri(match: RegExpExecArray): string {
  const din = `${match[1]}${match[2]}${match[3]}`;
  const k = match[5] ?? '';
  if (k !== isbt128CheckCharacter(din)) {
    throw new UdiError(
      'ISBT 128 DIN check character',
      `has keyboard check character ${JSON.stringify(k)} where the DIN gives ${JSON.stringify(isbt128CheckCharacter(din))}`,
    );
  }
  if (match[4] !== undefined) checkDinFlags(din, match[4]);
  return din;
}

/** `cyyjjj[hhmm]` as `YYYY-MM-DD`: cyy the year's last three digits (2000 to 2999), jjj its day. */
function cyyjjjDate(s: Structure, content: string): string {
  const label = `the ${s.name} (${s.number})`;
  if (content.length === 10) {
    const hour = Number(content.slice(6, 8));
    const minute = Number(content.slice(8, 10));
    if (hour > 23 || minute > 59)
      throw new UdiError(partOf(s), `${label} has time ${content.slice(6)}`);
  }
  return ordinalDate(
    partOf(s),
    label,
    2000 + Number(content.slice(0, 3)),
    Number(content.slice(3, 6)),
  );
}

function structureAt(text: string, at: number): Structure {
  if (text[at] === '=' && /^[A-NP-Z1-9]$/.test(text[at + 1] ?? '')) return DIN_STRUCTURE;
  const found = STRUCTURES.get(text.slice(at, at + 3)) ?? STRUCTURES.get(text.slice(at, at + 2));
  if (found === undefined) {
    throw new UdiError(
      'ISBT 128 data identifier',
      `has ${JSON.stringify(text.slice(at, at + 2))} at position ${at + 1}, not an ISBT 128 data identifier`,
    );
  }
  return found;
}

/** Splits concatenated data structures into their contents by structure number. */
function readStructures(text: string): Map<string, { structure: Structure; content: string }> {
  const found = new Map<string, { structure: Structure; content: string }>();
  let at = 0;
  while (at < text.length) {
    const s = structureAt(text, at);
    const start = at + s.di.length;
    const content = text.slice(start, start + s.length);
    const label = `the ${s.name} (${s.number})`;
    if (content.length < s.length) {
      throw new UdiError(
        partOf(s),
        `${label} has ${content.length} characters instead of ${s.length}`,
      );
    }
    if (s.pattern !== undefined && !s.pattern.test(content)) {
      throw new UdiError(partOf(s), `${label} has characters its format does not allow`);
    }
    if (found.has(s.number)) throw new UdiError(partOf(s), `${label} appears twice`);
    found.set(s.number, { structure: s, content });
    at = start + s.length;
  }
  return found;
}

/** One of two structures carrying the same fact (004/005, 008/009), as a date. */
function dateOf(
  found: ReadonlyMap<string, { structure: Structure; content: string }>,
  dateOnly: string,
  dateTime: string,
): string | null {
  const a = found.get(dateOnly);
  const b = found.get(dateTime);
  if (a !== undefined && b !== undefined) {
    throw new UdiError(partOf(a.structure), `has both data structures ${dateOnly} and ${dateTime}`);
  }
  const one = a ?? b;
  return one === undefined ? null : cyyjjjDate(one.structure, one.content);
}

export function parseIsbt128(text: string): ParsedUdi {
  const hri = DIN_HRI.exec(text);
  if (hri !== null) {
    throw new UdiError(
      'ISBT 128 PPIC',
      `is a DIN alone (${readDinHri(hri)}): the Processor Product Identification Code (=/) identifies the device`,
    );
  }
  const found = readStructures(text);
  const product = found.get('034') ?? found.get('003');
  if (product === undefined) {
    throw new UdiError(
      'ISBT 128 PPIC',
      'has no Processor Product Identification Code (=/) or Product Code (=<) to identify the device',
    );
  }
  const din = found.get('001');
  if (din !== undefined) checkDinFlags(din.content.slice(0, 13), din.content.slice(13));
  const lot = found.get('035')?.content.replace(/^0+(?=.)/, '');
  return {
    issuingAgency: 'ICCBBA',
    deviceIdentifier: product.content,
    lotNumber: lot ?? null,
    serialNumber: din === undefined ? null : din.content.slice(0, 13),
    expirationDate: dateOf(found, '004', '005'),
    manufactureDate: dateOf(found, '008', '009'),
  };
}
