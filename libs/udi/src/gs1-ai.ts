// GS1 Application Identifiers a scanner may put on a medical device label, with their data formats
// (GS1 General Specifications 3.2). The parser reads 01, 10, 11, 17 and 21 and steps over the
// others by their length; an AI missing here is reported, never guessed.

export interface AiFormat {
  /** Data length when fixed; otherwise the value runs to the next FNC1 (GS) or the end. */
  readonly fixed?: number;
  readonly max: number;
  readonly numeric: boolean;
}

const n = (length: number): AiFormat => ({ fixed: length, max: length, numeric: true });
const nv = (max: number): AiFormat => ({ max, numeric: true });
const xv = (max: number): AiFormat => ({ max, numeric: false });

const TWO_DIGIT: Readonly<Record<string, AiFormat>> = {
  '00': n(18),
  '01': n(14),
  '02': n(14),
  '03': n(14),
  '10': xv(20),
  '11': n(6),
  '12': n(6),
  '13': n(6),
  '15': n(6),
  '16': n(6),
  '17': n(6),
  '20': n(2),
  '21': xv(20),
  '22': xv(20),
  '30': nv(8),
  '37': nv(8),
  '90': xv(30),
};

const THREE_DIGIT: Readonly<Record<string, AiFormat>> = {
  '235': xv(28),
  '240': xv(30),
  '241': xv(30),
  '242': nv(6),
  '243': xv(20),
  '250': xv(30),
  '251': xv(30),
  '253': xv(30),
  '254': xv(20),
  '255': nv(25),
  '400': xv(30),
  '401': xv(30),
  '402': n(17),
  '403': xv(30),
  '410': n(13),
  '411': n(13),
  '412': n(13),
  '413': n(13),
  '414': n(13),
  '415': n(13),
  '416': n(13),
  '417': n(13),
  '420': xv(20),
  '421': xv(12),
  '422': n(3),
  '423': nv(15),
  '424': n(3),
  '425': nv(15),
  '426': n(3),
  '427': xv(3),
  '710': xv(20),
  '711': xv(20),
  '712': xv(20),
  '713': xv(20),
  '714': xv(20),
  '715': xv(20),
};

const FOUR_DIGIT: Readonly<Record<string, AiFormat>> = {
  '7001': n(13),
  '7002': xv(30),
  '7003': n(10),
  '7004': nv(4),
  '7005': xv(12),
  '7006': n(6),
  '7007': nv(12),
  '7008': xv(3),
  '7009': xv(10),
  '7010': xv(2),
  '7020': xv(20),
  '7021': xv(20),
  '7022': xv(20),
  '7023': xv(30),
  '7240': xv(20),
  '8001': n(14),
  '8002': xv(20),
  '8003': xv(30),
  '8004': xv(30),
  '8005': n(6),
  '8006': n(18),
  '8007': xv(34),
  '8008': nv(12),
  '8009': xv(50),
  '8011': nv(12),
  '8012': xv(20),
  '8013': xv(25),
  '8017': n(18),
  '8018': n(18),
  '8019': nv(10),
  '8020': xv(25),
  '8026': n(18),
  '8110': xv(70),
  '8111': n(4),
  '8112': xv(70),
  '8200': xv(70),
};

/** AIs 310n-369n (measures, n = decimal point position): six digits. */
const MEASURE = /^3[1-6]\d\d$/;
/** AIs 91-99: company internal information. */
const INTERNAL = /^9[1-9]$/;

/** The format of AI `code` (2 to 4 digits), or undefined if it is not one this parser knows. */
export function aiFormat(code: string): AiFormat | undefined {
  if (code.length === 2) return TWO_DIGIT[code] ?? (INTERNAL.test(code) ? xv(90) : undefined);
  if (code.length === 3) return THREE_DIGIT[code];
  if (code.length === 4) return FOUR_DIGIT[code] ?? (MEASURE.test(code) ? n(6) : undefined);
  return undefined;
}

/** The AI at the start of `text` in the raw form: GS1 AIs are prefix-free, so the first length that names one. */
export function aiAt(text: string, at: number): { code: string; format: AiFormat } | undefined {
  for (const length of [2, 3, 4]) {
    const code = text.slice(at, at + length);
    if (!/^\d+$/.test(code) || code.length < length) return undefined;
    const format = aiFormat(code);
    if (format !== undefined) return { code, format };
  }
  return undefined;
}
