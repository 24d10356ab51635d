import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renewingToken } from './api.ts';
import { demoNetworkHires } from './network.ts';

/** An unsigned JWT-shaped token whose payload is `claims` (the feeder only reads `exp`). */
const jwt = (claims: object): string =>
  ['e30', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'sig'].join('.');

describe("the demo feeder's token", () => {
  test('is kept until 30 s before its exp, then asked for again', async () => {
    let clock = 1_000_000;
    const granted: string[] = [];
    const token = renewingToken(
      () => {
        const t = jwt({ exp: (clock + 300_000) / 1000, n: granted.length });
        granted.push(t);
        return Promise.resolve(t);
      },
      () => clock,
    );
    const first = await token();
    clock += 269_000;
    assert.equal(await token(), first, 'still 31 s to go');
    clock += 2_000;
    const second = await token();
    assert.notEqual(second, first, 'renewed 29 s before its exp');
    assert.equal(granted.length, 2);
  });

  test('a token without exp is asked for at each call', async () => {
    let grants = 0;
    const token = renewingToken(() => Promise.resolve(`opaque-${(grants += 1)}`));
    assert.deepEqual([await token(), await token()], ['opaque-1', 'opaque-2']);
  });
});

describe("the demo network's hires", () => {
  test('staff each BWH unit through its cost center, one event id per employee, all effective on the day', () => {
    const hires = demoNetworkHires('2026-12-06');
    assert.deepEqual(
      [...new Set(hires.map((h) => `${h.costCenter} ${h.unitId}`))],
      ['BWH-CC-4W 4W', 'BWH-CC-ICU ICU'],
    );
    assert.equal(new Set(hires.map((h) => h.eventId)).size, hires.length);
    assert.ok(hires.every((h) => h.type === 'HIRE' && h.effectiveDate === '2026-12-06'));
    assert.ok(hires.some((h) => h.role === 'RN'));
  });
});
