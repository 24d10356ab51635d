import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dayOfYear, isoDate, lastDayOfMonth } from './dates.js';
import { GS, gs1Udi } from './gs1.js';
import { gtinCheckDigit } from './gtin.js';
import { hibccSplitUdi, hibccUdi } from './hibcc-builder.js';
import { isbt128Udi } from './isbt128-builder.js';
import type { ParsedUdi } from './parsed-udi.js';
import { MAX_UDI_LENGTH, parseHibccScans, parseUdi } from './udi.js';

const TODAY = new Date('2026-03-15T12:00:00Z');

function part(text: string): string {
  const result = parseUdi(text, TODAY);
  assert.equal(result.ok, false, `${JSON.stringify(text)} should fail`);
  return result.ok ? '' : result.part;
}

describe('parseUdi: telling the issuing agency', () => {
  test('GS1 from ( or a digit or a GS1 symbology identifier, HIBCC from +, ICCBBA from = or &', () => {
    const agency = (text: string): string | undefined => {
      const result = parseUdi(text, TODAY);
      return result.ok ? result.udi.issuingAgency : `${result.part}: ${result.message}`;
    };
    assert.equal(agency('(01)09506000134352'), 'GS1');
    assert.equal(agency('0109506000134352'), 'GS1');
    assert.equal(agency(`${GS}0109506000134352`), 'GS1');
    assert.equal(agency(']Q30109506000134352'), 'GS1');
    assert.equal(agency('+A123BJC5D6E71G'), 'HIBCC');
    assert.equal(agency('*+A123BJC5D6E71G*'), 'HIBCC');
    assert.equal(agency('=/A9997AB3456T0123'), 'ICCBBA');
    assert.equal(agency('&>0273652359=/A9997AB3456T0123'), 'ICCBBA');
  });

  test('names the agency as the part when the text is none of the three', () => {
    assert.equal(part('hello'), 'issuing agency');
    assert.equal(part('#A123'), 'issuing agency');
    assert.equal(part(']C0'), 'text');
  });
});

describe('parseUdi: bytes that are no UDI', () => {
  test('refuses empty text, text over the limit, non-ASCII and control characters other than GS', () => {
    assert.equal(part(''), 'text');
    assert.equal(part(`(01)09506000134352(10)${'L'.repeat(MAX_UDI_LENGTH)}`), 'text');
    assert.equal(part('(01)09506000134352(10)LOTé'), 'text');
    assert.equal(part('(01)09506000134352\r\n'), 'text');
    assert.equal(part('\u0000(01)09506000134352'), 'text');
    assert.equal(part('+A123BJC5D6E71G\u007f'), 'text');
    assert.equal(part('(01)09506000134352(10)\u{1F600}'), 'text');
  });

  test('never throws, whatever the text (seeded random strings)', () => {
    const random = seeded(20261205);
    const alphabet = `0123456789()+=&$/*%-. ]dCQe${GS}\u0000\u00e9ABCDEFGHIJKLMNOPQRSTUVWXYZ,<>}`;
    const prefixes = ['', '(01)', '01', '+', '+A123', '=/', '=', '&', ']d2', '+A123PART0011/$$'];
    for (let i = 0; i < 2000; i += 1) {
      const text = pick(random, prefixes) + string(random, alphabet, int(random, 0, 40));
      const result = parseUdi(text, TODAY);
      assert.equal(typeof result.ok, 'boolean');
      if (!result.ok) assert.ok(result.part.length > 0 && result.message.length > 0, text);
    }
  });
});

/** Numbers in [0, 1) from SHA-256 of the seed and a counter: a failing case can be replayed. */
function seeded(seed: number): () => number {
  let n = 0;
  return () => {
    n += 1;
    return createHash('sha256').update(`${seed}:${n}`).digest().readUInt32BE(0) / 2 ** 32;
  };
}
const int = (random: () => number, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));
const pick = <T>(random: () => number, values: readonly T[]): T =>
  values[int(random, 0, values.length - 1)] as T;
const string = (random: () => number, alphabet: string, length: number): string =>
  Array.from({ length }, () => alphabet.charAt(int(random, 0, alphabet.length - 1))).join('');
const maybe = <T>(random: () => number, value: () => T): T | undefined =>
  random() < 0.5 ? value() : undefined;

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = DIGITS + UPPER;
/** GS1 AI encodable character set 82. */
const CSET82 = `!"%&'()*+,-./${DIGITS}:;<=>?${UPPER}_abcdefghijklmnopqrstuvwxyz`;

function date(random: () => number, fromYear: number, toYear: number): string {
  const year = int(random, fromYear, toYear);
  const month = int(random, 1, 12);
  return isoDate({ year, month, day: int(random, 1, lastDayOfMonth(year, month)) });
}

describe('parseUdi: what the builders write reads back (seeded property tests)', () => {
  const RUNS = 500;

  test('gs1Udi, both forms', () => {
    const random = seeded(1);
    for (let i = 0; i < RUNS; i += 1) {
      const form = pick(random, ['bracketed', 'fnc1'] as const);
      const body = string(random, DIGITS, 13);
      const values = form === 'bracketed' ? CSET82.replace(/[()]/g, '') : CSET82;
      // The sliding window around 2026 spans 1977 to 2076.
      const u = {
        gtin: `${body}${gtinCheckDigit(body)}`,
        lot: maybe(random, () => string(random, values, int(random, 1, 20))),
        serial: maybe(random, () => string(random, values, int(random, 1, 20))),
        expiry: maybe(random, () => date(random, 1980, 2075)),
        manufactured: maybe(random, () => date(random, 1980, 2075)),
      };
      const text = gs1Udi(u, form);
      const expected: ParsedUdi = {
        issuingAgency: 'GS1',
        deviceIdentifier: u.gtin,
        lotNumber: u.lot ?? null,
        serialNumber: u.serial ?? null,
        expirationDate: u.expiry ?? null,
        manufactureDate: u.manufactured ?? null,
      };
      assert.deepEqual(parseUdi(text, TODAY), { ok: true, udi: expected }, JSON.stringify(text));
    }
  });

  test('hibccUdi concatenated and hibccSplitUdi split', () => {
    const random = seeded(2);
    for (let i = 0; i < RUNS; i += 1) {
      const value = (): string => string(random, `${ALNUM}-.`, int(random, 1, 18));
      const kind = pick(random, ['lot', 'serial', 'both', 'none'] as const);
      const u = {
        labeler: pick(random, [...UPPER]) + string(random, ALNUM, 3),
        product: string(random, ALNUM, int(random, 1, 18)),
        unitOfMeasure: int(random, 0, 9),
        lot: kind === 'lot' || kind === 'both' ? value() : undefined,
        serial: kind === 'serial' || kind === 'both' ? value() : undefined,
        expiry: maybe(random, () => date(random, 1980, 2075)),
        manufactured: maybe(random, () => date(random, 1900, 2100)),
      };
      const expected: ParsedUdi = {
        issuingAgency: 'HIBCC',
        deviceIdentifier: `${u.labeler}${u.product}${u.unitOfMeasure}`,
        lotNumber: u.lot ?? null,
        serialNumber: u.serial ?? null,
        expirationDate: u.expiry ?? null,
        manufactureDate: u.manufactured ?? null,
      };
      const text = hibccUdi(u);
      assert.deepEqual(parseUdi(text, TODAY), { ok: true, udi: expected }, JSON.stringify(text));
      const split = hibccSplitUdi(u);
      if (split.secondary !== null) {
        const scans = parseHibccScans(split.primary, split.secondary, TODAY);
        assert.deepEqual(scans, { ok: true, udi: expected }, JSON.stringify(split));
      }
    }
  });

  test('isbt128Udi', () => {
    const random = seeded(3);
    const finCharacters = ALNUM.replace('O', '');
    for (let i = 0; i < RUNS; i += 1) {
      const productCode =
        random() < 0.5
          ? string(random, finCharacters, 5) + string(random, ALNUM, 11)
          : pick(random, [...UPPER]) + string(random, ALNUM, 4) + '000';
      const u = {
        productCode,
        donationId: maybe(
          random,
          () =>
            string(random, finCharacters.replace('0', ''), 1) +
            string(random, finCharacters, 2) +
            string(random, DIGITS, 10),
        ),
        expiry: maybe(random, () => date(random, 2000, 2999)),
        manufactured: maybe(random, () => date(random, 2000, 2999)),
        lot: maybe(
          random,
          () => string(random, ALNUM.slice(1), 1) + string(random, ALNUM, int(random, 0, 17)),
        ),
      };
      const expected: ParsedUdi = {
        issuingAgency: 'ICCBBA',
        deviceIdentifier: productCode,
        lotNumber: u.lot ?? null,
        serialNumber: u.donationId ?? null,
        expirationDate: u.expiry ?? null,
        manufactureDate: u.manufactured ?? null,
      };
      const text = isbt128Udi(u);
      assert.deepEqual(parseUdi(text, TODAY), { ok: true, udi: expected }, JSON.stringify(text));
    }
  });
});

describe('calendar helpers', () => {
  test('dayOfYear counts from 1 January, leap days included', () => {
    assert.equal(dayOfYear({ year: 2027, month: 12, day: 31 }), 365);
    assert.equal(dayOfYear({ year: 2028, month: 12, day: 31 }), 366);
    assert.equal(dayOfYear({ year: 2028, month: 3, day: 1 }), 61);
  });
});
