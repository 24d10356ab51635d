import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeMllpFrame, MllpDecoder } from './frame.js';
import type { MllpEvent } from './frame.js';

const VT = '\x0b';
const END = '\x1c\r';
const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

function summary(events: readonly MllpEvent[]): string[] {
  return events.map((e) => {
    switch (e.type) {
      case 'frame':
      case 'truncated':
        return `${e.type}:${e.payload.toString('latin1')}`;
      case 'oversized':
        return `oversized:${e.bytes}:${e.head.toString('latin1')}`;
      case 'discarded':
        return `discarded:${e.bytes}`;
    }
  });
}

describe('MLLP decoder', () => {
  test('decodes a frame written by the encoder', () => {
    const frame = encodeMllpFrame('MSH|^~\\&|é\r');
    assert.equal(frame[0], 0x0b);
    assert.deepEqual([...frame.subarray(-2)], [0x1c, 0x0d]);
    const [event] = new MllpDecoder().push(frame);
    assert.equal(event?.type === 'frame' && event.payload.toString('utf8'), 'MSH|^~\\&|é\r');
  });

  test('frames bytes as they are (an ACK already in its charset)', () => {
    const latin1 = Buffer.from('MSH|^~\\&|caf\xe9\r', 'latin1');
    const frame = encodeMllpFrame(latin1);
    assert.deepEqual([...frame], [0x0b, ...latin1, 0x1c, 0x0d]);
  });

  test('finds several frames in one read', () => {
    const decoder = new MllpDecoder();
    assert.deepEqual(summary(decoder.push(bytes(`${VT}A${END}${VT}B${END}${VT}C${END}`))), [
      'frame:A',
      'frame:B',
      'frame:C',
    ]);
  });

  test('joins a frame split over many reads, even between FS and CR', () => {
    const decoder = new MllpDecoder();
    const whole = `${VT}MSH|one\rPID|two\r${END}${VT}next${END}`;
    const events = [...whole].flatMap((char) => decoder.push(bytes(char)));
    assert.deepEqual(summary(events), ['frame:MSH|one\rPID|two\r', 'frame:next']);
    assert.equal(decoder.inFrame, false);
  });

  test('drops bytes outside frames and reports how many', () => {
    const decoder = new MllpDecoder();
    assert.deepEqual(summary(decoder.push(bytes(`noise${VT}A${END}\r\n${VT}B${END}`))), [
      'discarded:5',
      'frame:A',
      'discarded:2',
      'frame:B',
    ]);
  });

  test('reports a frame cut short by the next start block as truncated and reads the next', () => {
    const decoder = new MllpDecoder();
    const events = [
      ...decoder.push(bytes(`${VT}MSH|cut`)),
      ...decoder.push(bytes(` short${VT}MSH|whole${END}`)),
    ];
    assert.deepEqual(summary(events), ['truncated:MSH|cut short', 'frame:MSH|whole']);
  });

  test('ends a frame on FS without CR', () => {
    assert.deepEqual(summary(new MllpDecoder().push(bytes(`${VT}A\x1c${VT}B${END}`))), [
      'frame:A',
      'frame:B',
    ]);
  });

  test('skips a frame over the maximum to its end, keeping its head, then reads on', () => {
    const decoder = new MllpDecoder({ maxFrameBytes: 8 });
    const events = [
      ...decoder.push(bytes(`${VT}MSH|0123`)),
      ...decoder.push(bytes(`456789abcdef`)),
      ...decoder.push(bytes(`ghij${END}${VT}ok${END}`)),
    ];
    assert.deepEqual(summary(events), ['oversized:24:MSH|0123456789abcdef', 'frame:ok']);
  });

  test('reports an open frame at the end of the stream as truncated', () => {
    const decoder = new MllpDecoder();
    decoder.push(bytes(`${VT}MSH|half`));
    assert.equal(decoder.inFrame, true);
    assert.deepEqual(summary(decoder.end()), ['truncated:MSH|half']);
    assert.deepEqual(decoder.end(), []);
  });
});
