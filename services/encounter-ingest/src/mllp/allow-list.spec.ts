import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allowListOf, parseCidr, parseCidrList } from './allow-list.js';

describe('MLLP allow-list', () => {
  test('reads IPv4 and IPv6 networks, an address alone as a /32 or /128', () => {
    assert.deepEqual(parseCidr('10.0.0.0/8'), { address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    assert.deepEqual(parseCidr('fd00::/8'), { address: 'fd00::', prefix: 8, family: 'ipv6' });
    assert.deepEqual(parseCidr('::1'), { address: '::1', prefix: 128, family: 'ipv6' });
    assert.deepEqual(parseCidr('192.0.2.7'), { address: '192.0.2.7', prefix: 32, family: 'ipv4' });
  });

  for (const bad of [
    '10.0.0.0/33',
    '::/129',
    '10.0.0/8',
    '10.0.0.0/8/1',
    'host/8',
    '10.0.0.0/',
    '10.0.0.0/-1',
  ]) {
    test(`refuses '${bad}'`, () => assert.equal(parseCidr(bad), undefined));
  }

  test('refuses a list with one bad entry, or no entry', () => {
    assert.equal(parseCidrList('10.0.0.0/8, nope'), undefined);
    assert.equal(parseCidrList(' , '), undefined);
    assert.equal(parseCidrList('10.0.0.0/8,,::1')?.length, 2);
  });

  test('allows the addresses of its networks, IPv4 peers of a dual-stack listener included', () => {
    const allowed = allowListOf(parseCidrList('10.0.0.0/8, 2001:db8::/32'));
    assert.deepEqual(
      [
        '10.20.30.40',
        '::ffff:10.1.1.1',
        '2001:db8::5',
        '11.0.0.1',
        '::ffff:127.0.0.1',
        '::1',
        undefined,
      ].map(allowed),
      [true, true, true, false, false, false, false],
    );
  });

  test('allows every peer without a list', () => {
    assert.equal(allowListOf(undefined)('203.0.113.9'), true);
  });
});
