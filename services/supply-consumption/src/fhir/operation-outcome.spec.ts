import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidRequestException, ProblemException } from '@meridian/service-kit';
import {
  expiredDevice,
  recalledDevice,
  serialAlreadyImplanted,
} from '../implants/implant.errors.js';
import { outcomeOf, PROBLEM_CODE_SYSTEM } from './operation-outcome.js';

const CARRIER = 'Procedure.contained[0].udiCarrier[0].carrierHRF';

describe('OperationOutcome of a refused FHIR request', () => {
  test('a 400 is one invalid issue per element, its FHIRPath in expression', () => {
    const { status, outcome } = outcomeOf(
      new InvalidRequestException([
        { field: 'Procedure.performedDateTime', message: 'must be a dateTime' },
        { field: CARRIER, message: 'GTIN check digit: is wrong' },
      ]),
    );
    assert.equal(status, 400);
    assert.deepEqual(
      outcome.issue.map((i) => [i.severity, i.code, i.expression, i.diagnostics]),
      [
        [
          'error',
          'invalid',
          ['Procedure.performedDateTime'],
          'Procedure.performedDateTime must be a dateTime',
        ],
        ['error', 'invalid', [CARRIER], `${CARRIER} GTIN check digit: is wrong`],
      ],
    );
  });

  test('a rule failure keeps its status and carries its code in details', () => {
    const expired = outcomeOf(expiredDevice(CARRIER, '2020-01-31', '2026-03-15'));
    assert.equal(expired.status, 422);
    assert.deepEqual(
      [
        expired.outcome.issue[0]?.code,
        expired.outcome.issue[0]?.details?.coding,
        expired.outcome.issue[0]?.expression,
      ],
      ['business-rule', [{ system: PROBLEM_CODE_SYSTEM, code: 'EXPIRED' }], [CARRIER]],
    );
    assert.match(expired.outcome.issue[0]?.diagnostics ?? '', /expired on 2020-01-31/);
    const recalled = outcomeOf(recalledDevice(CARRIER, ['Z-1-2026']));
    assert.deepEqual([recalled.status, recalled.outcome.issue[0]?.code], [409, 'business-rule']);
    assert.match(recalled.outcome.issue[0]?.diagnostics ?? '', /Z-1-2026/);
    const twice = outcomeOf(serialAlreadyImplanted(CARRIER, 'S1', 'u-1'));
    assert.deepEqual([twice.status, twice.outcome.issue[0]?.code], [409, 'duplicate']);
  });

  test('a refused caller is a login issue (401) or a forbidden one (403), with the detail', () => {
    assert.deepEqual(
      [401, 403].map((status) => {
        const refused = outcomeOf(
          new ProblemException(status, { detail: `refused with ${status}` }),
        );
        const [issue] = refused.outcome.issue;
        return [refused.status, issue?.code, issue?.diagnostics];
      }),
      [
        [401, 'login', 'refused with 401'],
        [403, 'forbidden', 'refused with 403'],
      ],
    );
  });

  test('anything else is a 500 exception issue that tells nothing of the error', () => {
    const { status, outcome } = outcomeOf(new Error('relation "implant_usage" does not exist'));
    assert.equal(status, 500);
    assert.equal(outcome.issue[0]?.code, 'exception');
    assert.doesNotMatch(outcome.issue[0]?.diagnostics ?? '', /implant_usage/);
  });
});
