import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatHl7Timestamp,
  Hl7TimestampError,
  parseHl7Timestamp,
  timeZoneOffsetMs,
} from './timestamp.js';

const NY = { timeZone: 'America/New_York' };
const iso = (value: string, zone = NY): string => parseHl7Timestamp(value, zone).toISOString();

describe('HL7 timestamps', () => {
  test('honour an explicit offset', () => {
    assert.equal(iso('20261120083000-0500'), '2026-11-20T13:30:00.000Z');
    assert.equal(iso('20261120083000+0530'), '2026-11-20T03:00:00.000Z');
    assert.equal(iso('202611200830+0000'), '2026-11-20T08:30:00.000Z');
  });

  test('read a time without offset as local time of the facility zone, DST included', () => {
    assert.equal(iso('20261120083000'), '2026-11-20T13:30:00.000Z', 'EST');
    assert.equal(iso('20260720083000'), '2026-07-20T12:30:00.000Z', 'EDT');
    assert.equal(iso('20260720083000', { timeZone: 'Europe/Berlin' }), '2026-07-20T06:30:00.000Z');
  });

  test('take the first of a repeated hour and move a skipped one forward', () => {
    assert.equal(iso('202611010130'), '2026-11-01T05:30:00.000Z', '01:30 EDT');
    assert.equal(iso('202603080230'), '2026-03-08T07:30:00.000Z', '03:30 EDT');
  });

  test('fill missing parts with their first value and read up to four fraction digits', () => {
    assert.equal(iso('2026+0000'), '2026-01-01T00:00:00.000Z');
    assert.equal(iso('20261120'), '2026-11-20T05:00:00.000Z');
    assert.equal(iso('20261120083000.1234+0000'), '2026-11-20T08:30:00.123Z');
    assert.equal(iso('20261120083000.5+0000'), '2026-11-20T08:30:00.500Z');
  });

  test('reject malformed or out-of-range values without repeating them', () => {
    for (const value of [
      '',
      '2026-11-20',
      '202611200',
      '20261320',
      '20260230',
      '20261120250000',
      '20261120086000',
      '20261120083000.12345',
      '20261120083000-05',
      '20261120083000+1500',
      '20261120083000Z',
    ]) {
      assert.throws(
        () => parseHl7Timestamp(value, NY),
        (error: unknown) =>
          error instanceof Hl7TimestampError &&
          error.value === value &&
          /not a valid HL7 timestamp/.test(error.message) &&
          (value === '' || !error.message.includes(value)),
        value,
      );
    }
  });

  test('accept 29 February in a leap year only', () => {
    assert.equal(iso('20280229+0000'), '2028-02-29T00:00:00.000Z');
    assert.throws(() => parseHl7Timestamp('20270229', NY), Hl7TimestampError);
  });

  test('refuse a zone that is not an IANA zone', () => {
    assert.throws(() => parseHl7Timestamp('20261120', { timeZone: 'Mars/Olympus' }), RangeError);
  });

  test('write an instant in a zone with its offset, and read it back', () => {
    const instant = new Date('2026-11-20T13:30:05.042Z');
    assert.equal(formatHl7Timestamp(instant, NY), '20261120083005-0500');
    assert.equal(formatHl7Timestamp(instant), '20261120133005+0000');
    assert.equal(formatHl7Timestamp(instant, { ...NY, precision: 'day' }), '20261120');
    assert.equal(formatHl7Timestamp(instant, { ...NY, precision: 'minute' }), '202611200830-0500');
    const precise = formatHl7Timestamp(instant, { ...NY, precision: 'millisecond' });
    assert.equal(precise, '20261120083005.042-0500');
    assert.equal(parseHl7Timestamp(precise, NY).getTime(), instant.getTime());
  });

  test('know the offset of a zone around each of its changes, on the hour or not', () => {
    // The offset as Intl names it (`GMT-05:00`), a way of reading the rules the code does not use.
    const named = (epochMs: number, timeZone: string): number => {
      const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
        .formatToParts(new Date(epochMs))
        .find((part) => part.type === 'timeZoneName')?.value;
      const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name ?? '');
      assert.ok(match, `${timeZone}: ${name ?? ''}`);
      const [, sign, hours = '0', minutes = '0'] = match;
      return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60_000;
    };
    const changes: [string, string][] = [
      ['America/New_York', '2026-03-08T07:00:00Z'],
      ['America/New_York', '2026-11-01T06:00:00Z'],
      // 30-minute summer time, changed at 02:00 local: 15:00 UTC.
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
      // +05:30 to +05:45 at local midnight: half past an hour in UTC.
      ['Asia/Kathmandu', '1985-12-31T18:30:00Z'],
      ['America/St_Johns', '2026-03-08T05:30:00Z'],
    ];
    for (const [zone, at] of changes) {
      const change = Date.parse(at);
      const instants = [];
      for (let ms = change - 2 * 3_600_000; ms <= change + 2 * 3_600_000; ms += 60_000)
        instants.push(ms);
      instants.push(change - 1000, change - 1, change + 1, change + 999);
      for (const ms of instants)
        assert.equal(
          timeZoneOffsetMs(ms, zone),
          named(ms, zone),
          `${zone} ${new Date(ms).toISOString()}`,
        );
    }
  });
});
