import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '@meridian/service-kit';
import { parseConfig } from './app.config.js';

describe('procure-to-pay config', () => {
  test('listens on its reserved port 3003 and uses the procure_to_pay database by default', () => {
    const config = parseConfig({});
    assert.equal(config.port, 3003);
    assert.equal(config.databaseUrl, 'postgres://meridian@127.0.0.1:5433/procure_to_pay');
  });

  test('keeps the accounting day in New York and posts to company MGH by default', () => {
    const config = parseConfig({});
    assert.equal(config.facilityTimeZone, 'America/New_York');
    assert.equal(config.companyCode, 'MGH');
  });

  test('reads the facility time zone and company code from the environment', () => {
    const config = parseConfig({ FACILITY_TIMEZONE: 'Europe/Berlin', LEDGER_COMPANY_CODE: 'BWH' });
    assert.equal(config.facilityTimeZone, 'Europe/Berlin');
    assert.equal(config.companyCode, 'BWH');
  });

  test('names every invalid ledger variable', () => {
    assert.throws(
      () => parseConfig({ FACILITY_TIMEZONE: 'Mars/Olympus', LEDGER_COMPANY_CODE: 'mgh!' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.issues.length === 2 &&
        /FACILITY_TIMEZONE/.test(error.issues[0] ?? '') &&
        /LEDGER_COMPANY_CODE/.test(error.issues[1] ?? ''),
    );
  });

  test('defaults the match tolerances to 2 %, 5.00 and exact quantities', () => {
    assert.deepEqual(parseConfig({}).matchTolerance, {
      pricePercentBasisPoints: 200,
      priceAmountCents: 500,
      quantity: 0,
    });
  });

  test('reads the match tolerances, percentages to the hundredth', () => {
    const config = parseConfig({
      AP_PRICE_TOLERANCE_PERCENT: '2.5',
      AP_PRICE_TOLERANCE_AMOUNT: '10',
      AP_QUANTITY_TOLERANCE: '1',
    });
    assert.deepEqual(config.matchTolerance, {
      pricePercentBasisPoints: 250,
      priceAmountCents: 1000,
      quantity: 1,
    });
  });

  test('names every invalid tolerance', () => {
    assert.throws(
      () =>
        parseConfig({
          AP_PRICE_TOLERANCE_PERCENT: '101',
          AP_PRICE_TOLERANCE_AMOUNT: '-1.00',
          AP_QUANTITY_TOLERANCE: '0.5',
        }),
      (error: unknown) => error instanceof ConfigError && error.issues.length === 3,
    );
  });
});
