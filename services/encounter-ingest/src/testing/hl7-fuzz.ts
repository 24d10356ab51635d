// Generated MLLP input for the fuzz test: valid ADT messages broken in the ways real feeds and
// networks break them, and noise. Deterministic for a seed, so a failure can be replayed.
import { encodeMllpFrame, MLLP_END_BLOCK, MLLP_START_BLOCK } from '@meridian/hl7';
import { adtMessage, setField } from './adt-samples.js';

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Random = () => number;

const int = (random: Random, max: number): number => Math.floor(random() * max);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)] as T;

const EVENTS = ['A01', 'A02', 'A03', 'A04', 'A08', 'A11', 'A13'] as const;
const CHARSETS = [
  '',
  'ASCII',
  '8859/1',
  '8859/15',
  'UNICODE UTF-8',
  'UTF-8',
  'UNICODE UTF-16',
  'KOI8',
];
const CONTROLS = [0x00, MLLP_START_BLOCK, MLLP_END_BLOCK, 0x0d, 0x0a, 0x7f, 0x1b];
const DELIMITERS = ['|', '^', '~', '\\', '&', '#', '\r'];

/** A valid ADT of a few visits and control ids (resends are part of real traffic). */
function validAdt(random: Random): string {
  const event = pick(random, EVENTS);
  return adtMessage(event, `VF${int(random, 20)}`, `FUZZ-${event}-${int(random, 40)}`);
}

function flipBytes(random: Random, bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  for (let n = 1 + int(random, 6); n > 0 && copy.length > 0; n -= 1) {
    copy[int(random, copy.length)] = int(random, 256);
  }
  return copy;
}

function insertAt(random: Random, bytes: Buffer, insert: Buffer): Buffer {
  const at = int(random, bytes.length + 1);
  return Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at)]);
}

function swapDelimiter(random: Random, text: string): string {
  const [from, to] = [pick(random, DELIMITERS), pick(random, DELIMITERS)];
  return random() < 0.5 ? text.replaceAll(from, to) : text.replace(from, to);
}

function hugeRepetitions(random: Random, text: string): string {
  const field = pick(random, ['PID|1||', 'PV1|1|', 'DG1|1||', 'MSH|']);
  return text.replace(field, `${field}${'~'.repeat(50 + int(random, 300_000))}`);
}

function withCharset(random: Random, text: string): Buffer {
  const charset = pick(random, CHARSETS);
  const raw = setField(
    setField(text, 'MSH', 18, charset),
    'PV1',
    10,
    pick(random, ['CAFÉ', 'MED', '€5', 'ß']),
  );
  return Buffer.from(raw, random() < 0.5 ? 'latin1' : 'utf8');
}

/** One message's bytes, mutated one way or another. */
function mutated(random: Random): Buffer {
  const text = validAdt(random);
  const bytes = Buffer.from(text);
  switch (int(random, 9)) {
    case 0:
      return bytes;
    case 1:
      return flipBytes(random, bytes);
    case 2:
      return bytes.subarray(0, int(random, bytes.length));
    case 3:
      return Buffer.from(swapDelimiter(random, text));
    case 4:
      return insertAt(random, bytes, Buffer.of(pick(random, CONTROLS)));
    case 5:
      return Buffer.from(hugeRepetitions(random, text));
    case 6:
      return withCharset(random, text);
    case 7:
      return Buffer.from(text + `DG1|1||I21.4^X^I10||20261120|A\r`.repeat(int(random, 8000)));
    default:
      return Buffer.from(text.replace(/\r(?=[A-Z])/, `\rZXX|${'|'.repeat(int(random, 500))}\r`));
  }
}

function noise(random: Random): Buffer {
  return Buffer.from(Array.from({ length: int(random, 2000) }, () => int(random, 256)));
}

/**
 * One item of the stream: mostly a framed mutated message; sometimes a frame without its end
 * block (the next start block cuts it short), noise between frames, a framed noise, or a frame
 * over 1 MiB.
 */
export function fuzzItem(random: Random): Buffer {
  const roll = random();
  if (roll < 0.75) return encodeMllpFrame(mutated(random));
  if (roll < 0.82) return Buffer.concat([Buffer.of(MLLP_START_BLOCK), mutated(random)]);
  if (roll < 0.9) return noise(random);
  if (roll < 0.997) return encodeMllpFrame(noise(random));
  return encodeMllpFrame(Buffer.alloc(1_100_000 + int(random, 100_000), 'A'));
}

/** `bytes` cut at random points into writes of 1 byte to 64 KiB. */
export function splitAtRandom(random: Random, bytes: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = 1 + int(random, random() < 0.2 ? 64 : 65_536);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}
