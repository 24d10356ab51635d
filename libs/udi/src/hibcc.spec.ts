import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hibccSplitUdi, hibccUdi } from './hibcc-builder.js';
import { hibccCheckCharacter } from './hibcc.js';
import type { ParsedUdi } from './parsed-udi.js';
import { parseHibccScans, parseUdi } from './udi.js';

const TODAY = new Date('2026-03-15T12:00:00Z');
/** Primary data of labeler A123, product PART001, unit of measure 1 (LIC + PCN + U/M). */
const DI = 'A123PART0011';

/** An HIBC symbol from its data: the mod 43 check character appended. */
const symbol = (data: string): string => `${data}${hibccCheckCharacter(data)}`;
/** Primary and secondary concatenated in one symbol. */
const concatenated = (secondary: string): string => symbol(`+${DI}/${secondary}`);

function udi(text: string): ParsedUdi {
  const result = parseUdi(text, TODAY);
  assert.ok(result.ok, result.ok ? '' : `${result.part}: ${result.message}`);
  return result.udi;
}

function failure(text: string): { part: string; message: string } {
  const result = parseUdi(text, TODAY);
  assert.equal(result.ok, false, `${JSON.stringify(text)} should fail`);
  return result.ok ? { part: '', message: '' } : { part: result.part, message: result.message };
}

const expected = (fields: Partial<ParsedUdi>): ParsedUdi => ({
  issuingAgency: 'HIBCC',
  deviceIdentifier: DI,
  lotNumber: null,
  serialNumber: null,
  expirationDate: null,
  manufactureDate: null,
  ...fields,
});

describe('HIBCC check character', () => {
  test('is mod 43 over the HIBC set, the + flag included (HIBC LIC example +A123BJC5D6E71G)', () => {
    assert.equal(hibccCheckCharacter('+A123BJC5D6E71'), 'G');
    assert.equal(hibccCheckCharacter('+'), '+');
    assert.equal(hibccCheckCharacter('+$$+%'), 'U'); // 41 + 39 + 39 + 41 + 42 = 202 = 4 * 43 + 30
    assert.throws(() => hibccCheckCharacter('+a'), RangeError);
  });

  test('a wrong check character is refused, naming the expected one', () => {
    const wrong = failure('+A123BJC5D6E71H');
    assert.equal(wrong.part, 'HIBCC check character');
    assert.match(wrong.message, /"G"/);
    assert.equal(
      failure(concatenated('$$3271231LOT1').replace(/.$/, '0')).part,
      'HIBCC check character',
    );
  });
});

describe('HIBCC space check character', () => {
  /** Two-character codes, every residue mod 43 among them. */
  const CODES = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'].flatMap((a) =>
    [...'0123456789'].map((b) => `${a}${b}`),
  );
  /** The first code for which `make` gives a symbol ending in `check`. */
  function first<T extends string | { primary: string }>(
    make: (code: string) => T,
    check: string,
  ): { code: string; made: T } {
    for (const code of CODES) {
      const made = make(code);
      const symbol = typeof made === 'string' ? made : made.primary;
      if (symbol.endsWith(check)) return { code, made };
    }
    throw new Error(`no code gives the check character ${JSON.stringify(check)}`);
  }
  const label = (serial: string): string =>
    hibccUdi({ labeler: 'A123', product: 'PART001', unitOfMeasure: 1, serial });
  const spaced = first(label, ' ');

  test('is read as sent, as the caption prints it (_), and when a form trimmed it away', () => {
    const want = expected({ serialNumber: spaced.code });
    assert.deepEqual(udi(spaced.made), want);
    assert.deepEqual(udi(`${spaced.made.slice(0, -1)}_`), want);
    assert.deepEqual(udi(spaced.made.trimEnd()), want);
  });

  test('a check character that is right is read as one, not as data before a trimmed space', () => {
    // A symbol ending in its check character J also sums to 38 (a space) when read as all data.
    const checkedByJ = first(label, 'J');
    assert.deepEqual(udi(checkedByJ.made), expected({ serialNumber: checkedByJ.code }));
  });

  test('a wrong check character is still refused', () => {
    const data = spaced.made.trimEnd();
    const wrong = `${data.slice(0, -1)}${data.endsWith('A') ? 'B' : 'A'}`;
    assert.equal(failure(wrong).part, 'HIBCC check character');
  });

  test('links a split label whose primary check character is a space', () => {
    const { code, made } = first(
      (product) => hibccSplitUdi({ labeler: 'A123', product, serial: 'SN1' }),
      ' ',
    );
    const result = parseHibccScans(made.primary.trimEnd(), made.secondary ?? '', TODAY);
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.equal(result.udi.deviceIdentifier, `A123${code}0`);
    assert.equal(result.udi.serialNumber, 'SN1');
  });
});

describe('HIBCC UDI', () => {
  test('reads a primary alone: labeler, product and unit of measure are the device identifier', () => {
    assert.deepEqual(udi('+A123BJC5D6E71G'), expected({ deviceIdentifier: 'A123BJC5D6E71' }));
    assert.deepEqual(udi(symbol(`+${DI}`)), expected({}));
  });

  test('tolerates Code 39 start/stop asterisks and a symbology identifier', () => {
    assert.deepEqual(udi(`*${symbol(`+${DI}`)}*`), expected({}));
    assert.deepEqual(udi(`]C0${concatenated('$LOT1')}`), expected({ lotNumber: 'LOT1' }));
    assert.deepEqual(udi(`]A0*${concatenated('$LOT1')}*`), expected({ lotNumber: 'LOT1' }));
  });

  test('reads each $$ expiry format of the secondary, with a lot', () => {
    const formats: [string, string][] = [
      ['$$1227LOT1', '2027-12-31'], // MMYY: the month's last day
      ['$$0228LOT1', '2028-02-29'],
      ['$$2123127LOT1', '2027-12-31'], // MMDDYY
      ['$$3271231LOT1', '2027-12-31'], // YYMMDD
      ['$$427123123LOT1', '2027-12-31'], // YYMMDDHH
      ['$$527365LOT1', '2027-12-31'], // YYJJJ
      ['$$62836623LOT1', '2028-12-31'], // YYJJJHH, leap year
    ];
    for (const [secondary, date] of formats) {
      assert.deepEqual(
        udi(concatenated(secondary)),
        expected({ lotNumber: 'LOT1', expirationDate: date }),
        secondary,
      );
    }
    assert.deepEqual(udi(concatenated('$$7LOT1')), expected({ lotNumber: 'LOT1' }));
    assert.deepEqual(udi(concatenated('$LOT-1.2')), expected({ lotNumber: 'LOT-1.2' }));
  });

  test('reads $$+ and $+ as a serial number in place of the lot', () => {
    assert.deepEqual(
      udi(concatenated('$$+3271231SN42')),
      expected({ serialNumber: 'SN42', expirationDate: '2027-12-31' }),
    );
    assert.deepEqual(
      udi(concatenated('$$+1227SN42')),
      expected({ serialNumber: 'SN42', expirationDate: '2027-12-31' }),
    );
    assert.deepEqual(udi(concatenated('$$+7SN42')), expected({ serialNumber: 'SN42' }));
    assert.deepEqual(udi(concatenated('$+SN42')), expected({ serialNumber: 'SN42' }));
  });

  test('reads the short Julian form (YYJJJ then the lot) and steps over a quantity', () => {
    assert.deepEqual(
      udi(concatenated('27032LOT1')),
      expected({ lotNumber: 'LOT1', expirationDate: '2027-02-01' }),
    );
    assert.deepEqual(
      udi(concatenated('$$805' + '3271231LOT1')),
      expected({ lotNumber: 'LOT1', expirationDate: '2027-12-31' }),
    );
    assert.deepEqual(udi(concatenated('$$900100' + '7LOT1')), expected({ lotNumber: 'LOT1' }));
  });

  test('refuses a date the calendar does not have', () => {
    assert.deepEqual(failure(concatenated('$$3271331LOT1')), {
      part: 'HIBCC expiry',
      message: 'the expiry (YYMMDD) has month 13',
    });
    assert.equal(failure(concatenated('$$1327LOT1')).part, 'HIBCC expiry');
    assert.equal(failure(concatenated('$$2023027LOT1')).part, 'HIBCC expiry');
    assert.equal(failure(concatenated('$$527366LOT1')).part, 'HIBCC expiry');
    assert.equal(failure(concatenated('$$427123124LOT1')).part, 'HIBCC expiry');
    assert.equal(failure(concatenated('$$8LOT1')).part, 'HIBCC quantity');
    assert.equal(failure(concatenated('$$A271231')).part, 'HIBCC expiry');
  });

  test('needs the primary: a secondary alone says so', () => {
    const secondary = symbol('+$$3271231LOT1L');
    assert.equal(failure(secondary).part, 'HIBCC primary');
    assert.equal(failure(symbol('+27032LOT1L')).part, 'HIBCC primary');
  });

  test('refuses a malformed primary, characters outside the HIBC set and unknown supplementary fields', () => {
    assert.equal(failure(symbol('+1123PART0011')).part, 'HIBCC primary'); // LIC starts with a digit
    assert.equal(failure(symbol('+A123')).part, 'HIBCC primary');
    assert.equal(failure(symbol(`+A123${'P'.repeat(19)}1`)).part, 'HIBCC primary');
    assert.equal(failure('+a123part0011x').part, 'HIBCC character');
    assert.equal(failure(concatenated('$LOT1/X123')).part, 'HIBCC supplementary data');
    assert.equal(failure(concatenated(`$${'L'.repeat(19)}`)).part, 'HIBCC lot');
  });

  test('reads the ANSI/HIBC 2.6 examples, their check characters included', () => {
    const hibc26 = expected({
      deviceIdentifier: 'A99912345',
      lotNumber: '10X3',
      expirationDate: '2020-01-15',
    });
    assert.deepEqual(udi('+A99912345/$$52001510X33'), hibc26);
    assert.deepEqual(udi('*+A99912345/$$52001510X33*'), hibc26);
    assert.deepEqual(udi('+A123BJC5D6E71/$$52001510X3C'), {
      ...hibc26,
      deviceIdentifier: 'A123BJC5D6E71',
    });
    const split = parseHibccScans('+A123BJC5D6E71G', '*+$$52001510X3GD*', TODAY);
    assert.deepEqual(split, { ok: true, udi: { ...hibc26, deviceIdentifier: 'A123BJC5D6E71' } });
  });

  test('reads supplementary fields: /S serial, /16D production date, /14D expiry, /Q quantity', () => {
    assert.deepEqual(udi('+A99912345/$$52001510X3/16D20111212/S77DEFG457'), {
      ...expected({ deviceIdentifier: 'A99912345', lotNumber: '10X3' }),
      serialNumber: '77DEFG45',
      expirationDate: '2020-01-15',
      manufactureDate: '2011-12-12',
    });
    assert.deepEqual(udi('*+A99912345/$10X3/16D20111231/14D202001313*'), {
      ...expected({ deviceIdentifier: 'A99912345', lotNumber: '10X3' }),
      expirationDate: '2020-01-31',
      manufactureDate: '2011-12-31',
    });
    assert.equal(
      udi('+A99912349/$10X3/16D20111231/14D20200131/Q500Z').manufactureDate,
      '2011-12-31',
    );
  });

  test('refuses a supplementary field that is malformed or repeats the secondary', () => {
    assert.equal(failure(concatenated('$LOT1/16D20111332')).part, 'HIBCC production date');
    assert.equal(failure(concatenated('$LOT1/16D111212')).part, 'HIBCC production date');
    assert.equal(failure(concatenated('$$3271231LOT1/14D20271231')).part, 'HIBCC expiry');
    assert.equal(failure(concatenated('$+SN1/SSN2')).part, 'HIBCC serial');
    assert.equal(failure(concatenated('$LOT1/S')).part, 'HIBCC serial');
    assert.equal(failure(concatenated('$LOT1/QX')).part, 'HIBCC quantity');
  });

  test('reads the split form, primary and secondary tied by the link character', () => {
    const primary = symbol(`+${DI}`);
    const link = primary.slice(-1);
    const secondary = symbol(`+$$3271231LOT1${link}`);
    const result = parseHibccScans(primary, secondary, TODAY);
    assert.deepEqual(result, {
      ok: true,
      udi: expected({ lotNumber: 'LOT1', expirationDate: '2027-12-31' }),
    });
    const other = symbol(`+$$3271231LOT1${link === 'A' ? 'B' : 'A'}`);
    const mismatch = parseHibccScans(primary, other, TODAY);
    assert.equal(mismatch.ok ? '' : mismatch.part, 'HIBCC link character');
  });
});

describe('HIBCC builders', () => {
  test('hibccUdi writes the primary alone, or primary and secondary concatenated', () => {
    assert.equal(
      hibccUdi({ labeler: 'A123', product: 'BJC5D6E7', unitOfMeasure: 1 }),
      '+A123BJC5D6E71G',
    );
    const text = hibccUdi({
      labeler: 'A123',
      product: 'PART001',
      unitOfMeasure: 1,
      lot: 'LOT1',
      expiry: '2027-12-31',
    });
    assert.equal(text, concatenated('$$3271231LOT1'));
    assert.equal(
      hibccUdi({ labeler: 'A123', product: 'PART001', unitOfMeasure: 1, serial: 'S1' }),
      concatenated('$+S1'),
    );
  });

  test('hibccUdi writes a serial beside a lot as /S and the production date as /16D', () => {
    const u = {
      labeler: 'A999',
      product: '1234',
      unitOfMeasure: 5,
      lot: '10X3',
      serial: '77DEFG45',
    };
    assert.equal(
      hibccUdi({ ...u, expiry: '2020-01-15', manufactured: '2011-12-12' }),
      symbol('+A99912345/$$3200115' + '10X3/16D20111212/S77DEFG45'),
    );
    assert.equal(
      hibccUdi({ labeler: 'A999', product: '1234', manufactured: '2011-12-12' }),
      symbol('+A99912340/$/16D20111212'),
    );
  });

  test('hibccUdi refuses what HIBC cannot carry', () => {
    assert.throws(() => hibccUdi({ labeler: '1234', product: 'P' }), RangeError);
    assert.throws(() => hibccUdi({ labeler: 'A123', product: 'P', unitOfMeasure: 10 }), RangeError);
    assert.throws(() => hibccUdi({ labeler: 'A123', product: 'P', serial: 'S/1' }), RangeError);
    assert.throws(() => hibccUdi({ labeler: 'A123', product: 'P', lot: 'L 1' }), RangeError);
    assert.throws(
      () => hibccUdi({ labeler: 'A123', product: 'P', expiry: '2027-02-30' }),
      RangeError,
    );
  });

  test('what hibccUdi and hibccSplitUdi write, parseUdi and parseHibccScans read back', () => {
    const u = {
      labeler: 'H123',
      product: 'CAT45',
      unitOfMeasure: 0,
      serial: 'SN-7',
      expiry: '2028-02-29',
    };
    const back = {
      deviceIdentifier: 'H123CAT450',
      serialNumber: 'SN-7',
      expirationDate: '2028-02-29',
    };
    assert.deepEqual(udi(hibccUdi(u)), expected(back));
    const split = hibccSplitUdi(u);
    assert.deepEqual(parseHibccScans(split.primary, split.secondary ?? '', TODAY), {
      ok: true,
      udi: expected(back),
    });
    assert.equal(hibccSplitUdi({ labeler: 'H123', product: 'CAT45' }).secondary, null);
  });
});
