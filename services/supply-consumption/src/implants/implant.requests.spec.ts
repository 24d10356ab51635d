import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { invalidRequestErrors } from '@meridian/service-kit/testing';
import { gs1Udi, hibccSplitUdi, hibccUdi, isbt128Udi } from '@meridian/udi';
import {
  captureFingerprint,
  parseCaptureImplant,
  parseListImplantsQuery,
  parseReverseImplant,
} from './implant.requests.js';

const NOW = new Date('2026-03-15T12:00:00.000Z');
const CALLER = 'supply-supervisor';
const NPI = '1245319599';
const GTIN = '09506000134352';
const BASE = { encounterId: 'MGH:V000123', implantingSurgeonNpi: NPI, unitId: 'OR' };

function errorsOf(body: unknown): Record<string, string> {
  const errors = invalidRequestErrors(() => parseCaptureImplant(body, NOW, CALLER));
  return Object.fromEntries(errors.map((e) => [e.field, e.message]));
}

describe('POST /implants body validation', () => {
  test('reads a GS1 scan: usedAt now, quantity 1, source SCAN, fields named barcode', () => {
    const barcode = gs1Udi({ gtin: GTIN, lot: 'L1', serial: 'S1', expiry: '2027-12-31' });
    const capture = parseCaptureImplant({ ...BASE, barcode }, NOW, CALLER);
    assert.deepEqual(capture.udi, {
      issuingAgency: 'GS1',
      deviceIdentifier: GTIN,
      lotNumber: 'L1',
      serialNumber: 'S1',
      expirationDate: '2027-12-31',
      manufactureDate: null,
    });
    assert.deepEqual(
      [capture.usedAt, capture.usedAtGiven, capture.quantity, capture.source, capture.unitId],
      [NOW, false, 1, 'SCAN', 'OR'],
    );
    assert.equal(capture.fieldNames.expirationDate, 'barcode');
  });

  test('reads HIBCC and ISBT 128 scans with their issuing agency', () => {
    const hibcc = parseCaptureImplant(
      {
        ...BASE,
        barcode: hibccUdi({
          labeler: 'H123',
          product: 'PART001',
          unitOfMeasure: 1,
          serial: 'SN77',
        }),
      },
      NOW,
      CALLER,
    );
    assert.deepEqual(
      [hibcc.udi.issuingAgency, hibcc.udi.deviceIdentifier, hibcc.udi.serialNumber],
      ['HIBCC', 'H123PART0011', 'SN77'],
    );
    const isbt = parseCaptureImplant(
      {
        ...BASE,
        barcode: isbt128Udi({ productCode: 'A9999XYZ100T0944', donationId: 'A999926123456' }),
      },
      NOW,
      CALLER,
    );
    assert.deepEqual(
      [isbt.udi.issuingAgency, isbt.udi.deviceIdentifier, isbt.udi.serialNumber],
      ['ICCBBA', 'A9999XYZ100T0944', 'A999926123456'],
    );
  });

  test('reads the two scans of an HIBC split label, naming the barcode when they are not a pair', () => {
    const label = {
      labeler: 'H123',
      product: 'PART001',
      unitOfMeasure: 1,
      lot: 'LOT47',
      expiry: '2027-12-31',
    };
    const { primary, secondary } = hibccSplitUdi(label);
    const capture = parseCaptureImplant({ ...BASE, barcode: [primary, secondary] }, NOW, CALLER);
    assert.deepEqual(
      [capture.udi.deviceIdentifier, capture.udi.lotNumber, capture.udi.expirationDate],
      ['H123PART0011', 'LOT47', '2027-12-31'],
    );
    const other = hibccSplitUdi({ ...label, product: 'PART002' });
    assert.deepEqual(Object.keys(errorsOf({ ...BASE, barcode: [other.primary, secondary] })), [
      'barcode',
    ]);
    assert.deepEqual(Object.keys(errorsOf({ ...BASE, barcode: [primary] })), ['barcode']);
  });

  test('names the part of a barcode that does not parse: a wrong GTIN check digit', () => {
    const errors = errorsOf({ ...BASE, barcode: '(01)09506000134353(21)S1' });
    assert.deepEqual(Object.keys(errors), ['barcode']);
    assert.match(errors['barcode'] ?? '', /^GTIN check digit: /);
  });

  test('reads a UDI parsed by the device: the GTIN as GTIN-14, HIBCC upper-cased', () => {
    const gs1 = parseCaptureImplant(
      { ...BASE, udi: { deviceIdentifier: '9506000134352', serialNumber: 'S1' } },
      NOW,
      CALLER,
    );
    assert.deepEqual([gs1.udi.issuingAgency, gs1.udi.deviceIdentifier], ['GS1', GTIN]);
    assert.equal(gs1.fieldNames.serialNumber, 'udi.serialNumber');
    const hibcc = parseCaptureImplant(
      {
        ...BASE,
        udi: { issuingAgency: 'HIBCC', deviceIdentifier: 'h123part0011', lotNumber: 'L9' },
      },
      NOW,
      CALLER,
    );
    assert.equal(hibcc.udi.deviceIdentifier, 'H123PART0011');
  });

  test('names each invalid field, nested ones with their path', () => {
    assert.deepEqual(
      Object.keys(
        errorsOf({
          encounterId: 'V000123',
          implantingSurgeonNpi: '1245319598',
          udi: {
            issuingAgency: 'GS1',
            deviceIdentifier: '09506000134353',
            expirationDate: '2027-02-30',
          },
          usedAt: '2026-03-15T12:10:00Z',
          quantity: 0,
          recallOverride: { reason: ' ', overriddenBy: 'dr.jones' },
          unitId: 'OR',
          color: 'red',
        }),
      ).sort(),
      [
        'color',
        'encounterId',
        'implantingSurgeonNpi',
        'quantity',
        'recallOverride.overriddenBy',
        'recallOverride.reason',
        'udi.deviceIdentifier',
        'udi.expirationDate',
        'usedAt',
      ],
    );
  });

  test('a recall override is made by the caller, never by a user the body names', () => {
    const barcode = gs1Udi({ gtin: GTIN, lot: 'L1' });
    const reason = 'no alternative size in stock';
    const capture = parseCaptureImplant(
      { ...BASE, barcode, recallOverride: { reason } },
      NOW,
      CALLER,
    );
    assert.deepEqual(capture.recallOverride, { reason, overriddenBy: CALLER });
    assert.equal(parseCaptureImplant({ ...BASE, barcode }, NOW, CALLER).recallOverride, null);
    assert.match(
      errorsOf({ ...BASE, barcode, recallOverride: { reason, overriddenBy: 'dr.jones' } })[
        'recallOverride.overriddenBy'
      ] ?? '',
      /caller of the bearer token/,
    );
  });

  test('requires exactly one of barcode and udi, the NPI and the unit', () => {
    assert.deepEqual(Object.keys(errorsOf({ encounterId: 'MGH:V1' })).sort(), [
      'barcode',
      'implantingSurgeonNpi',
      'unitId',
    ]);
    assert.deepEqual(
      Object.keys(
        errorsOf({ ...BASE, barcode: gs1Udi({ gtin: GTIN }), udi: { deviceIdentifier: GTIN } }),
      ),
      ['udi'],
    );
  });

  test('a serialised device is one device: quantity must be 1', () => {
    const errors = errorsOf({
      ...BASE,
      barcode: gs1Udi({ gtin: GTIN, serial: 'S1' }),
      quantity: 2,
    });
    assert.deepEqual(errors, { quantity: 'must be 1 for a device with a serial number' });
    const screws = parseCaptureImplant(
      { ...BASE, barcode: gs1Udi({ gtin: GTIN, lot: 'L1' }), quantity: 6 },
      NOW,
      CALLER,
    );
    assert.equal(screws.quantity, 6);
  });

  test('allows usedAt up to 5 minutes ahead (clock skew), not more', () => {
    const barcode = gs1Udi({ gtin: GTIN, lot: 'L1' });
    const skewed = parseCaptureImplant(
      { ...BASE, barcode, usedAt: '2026-03-15T12:04:59Z' },
      NOW,
      CALLER,
    );
    assert.equal(skewed.usedAtGiven, true);
    assert.deepEqual(Object.keys(errorsOf({ ...BASE, barcode, usedAt: '2026-03-15T12:05:01Z' })), [
      'usedAt',
    ]);
  });

  test('the fingerprint of a retry is the same; of another request, or another usedAt, not', () => {
    const body = { ...BASE, barcode: gs1Udi({ gtin: GTIN, serial: 'S1' }) };
    const first = captureFingerprint(parseCaptureImplant(body, NOW, CALLER));
    const later = captureFingerprint(
      parseCaptureImplant(body, new Date(NOW.getTime() + 1000), CALLER),
    );
    assert.equal(first, later);
    assert.notEqual(
      first,
      captureFingerprint(parseCaptureImplant({ ...body, unitId: 'CATH' }, NOW, CALLER)),
    );
    assert.notEqual(
      captureFingerprint(
        parseCaptureImplant({ ...body, usedAt: '2026-03-15T11:00:00Z' }, NOW, CALLER),
      ),
      captureFingerprint(
        parseCaptureImplant({ ...body, usedAt: '2026-03-15T11:00:01Z' }, NOW, CALLER),
      ),
    );
  });
});

describe('implant reversal and listing requests', () => {
  test('a reversal names one of the user reasons', () => {
    assert.deepEqual(parseReverseImplant({ reason: 'NOT_IMPLANTED', note: 'dropped' }), {
      reason: 'NOT_IMPLANTED',
      note: 'dropped',
    });
    for (const reason of ['SAGA_COMPENSATION', 'UNKNOWN', undefined]) {
      assert.deepEqual(
        invalidRequestErrors(() => parseReverseImplant({ reason })).map((e) => e.field),
        ['reason'],
      );
    }
  });

  test('listing needs a filter; a GTIN filter is read as GTIN-14', () => {
    assert.deepEqual(
      invalidRequestErrors(() => parseListImplantsQuery({})).map((e) => e.field),
      ['lot'],
    );
    assert.equal(
      parseListImplantsQuery({ deviceIdentifier: '9506000134352' }).deviceIdentifier,
      GTIN,
    );
    assert.equal(
      parseListImplantsQuery({ deviceIdentifier: 'h123part0011' }).deviceIdentifier,
      'H123PART0011',
    );
    assert.deepEqual(
      invalidRequestErrors(() => parseListImplantsQuery({ status: 'LOST' })).map((e) => e.field),
      ['status'],
    );
  });
});
