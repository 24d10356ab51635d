import iconv from 'iconv-lite';

/**
 * MSH-18 character sets (HL7 table 0211) this receiver reads, with the iconv-lite encoding of each.
 * All are ASCII-compatible, so MSH can be read from the bytes before they are decoded. `UTF-8` is
 * not in the table but common. Without MSH-18 a message is ASCII or UTF-8 (v2.5.1 2.A.49).
 */
export const HL7_CHARSETS: Readonly<Record<string, string>> = {
  ASCII: 'ascii',
  '8859/1': 'iso-8859-1',
  '8859/2': 'iso-8859-2',
  '8859/3': 'iso-8859-3',
  '8859/4': 'iso-8859-4',
  '8859/5': 'iso-8859-5',
  '8859/6': 'iso-8859-6',
  '8859/7': 'iso-8859-7',
  '8859/8': 'iso-8859-8',
  '8859/9': 'iso-8859-9',
  '8859/15': 'iso-8859-15',
  'UNICODE UTF-8': 'utf-8',
  'UTF-8': 'utf-8',
};

/** How far into the bytes MSH is looked for (MSH is short; a longer one is not read). */
const HEADER_BYTES = 4096;

/** MSH-18 (first repetition, first component) read from the bytes; '' when absent or unreadable. */
export function charsetOf(bytes: Buffer): string {
  // The first line alone made text (the rest of the header's bytes was decoded for nothing).
  const head = bytes.subarray(0, HEADER_BYTES);
  const end = [head.indexOf(0x0d), head.indexOf(0x0a)].reduce(
    (first, at) => (at >= 0 && at < first ? at : first),
    head.length,
  );
  return charsetOfText(head.toString('latin1', 0, end));
}

/** MSH-18 of a message's text (first repetition, first component); '' when absent. */
function charsetOfText(text: string): string {
  const head = text.slice(0, HEADER_BYTES);
  if (!head.startsWith('MSH') || head.length < 8) return '';
  const end = head.search(/[\r\n]/);
  const msh = end < 0 ? head : head.slice(0, end);
  const [separator = '|', component = '^', repetition = '~'] = [msh[3], msh[4], msh[5]];
  // Field n of MSH is item n-1 of the split (MSH-1 is the separator itself).
  const field = msh.split(separator)[17] ?? '';
  return (field.split(repetition)[0] ?? '').split(component)[0]?.trim() ?? '';
}

/** What `decodeHl7Bytes` made of the bytes. `text` is always set: readable enough for an answer. */
export type DecodedHl7 =
  | { readonly ok: true; readonly text: string; readonly charset: string }
  | {
      readonly ok: false;
      readonly text: string;
      readonly charset: string;
      /** `unsupported`: MSH-18 names a charset not read here; `invalid`: bytes not in it. */
      readonly problem: 'unsupported' | 'invalid';
    };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

function strictDecode(bytes: Buffer, encoding: string): string | undefined {
  if (encoding === 'utf-8') {
    try {
      return strictUtf8.decode(bytes);
    } catch {
      return undefined;
    }
  }
  if (encoding === 'ascii')
    return bytes.every((b) => b < 0x80) ? bytes.toString('latin1') : undefined;
  return iconv.decode(bytes, encoding);
}

/**
 * The text of an HL7 message's bytes, decoded per MSH-18 (none: UTF-8, which covers ASCII).
 * Bytes that are not valid in the charset (invalid UTF-8, non-ASCII under ASCII) are a problem,
 * never silently replaced; so is a charset not in `HL7_CHARSETS`.
 */
export function decodeHl7Bytes(bytes: Buffer): DecodedHl7 {
  const charset = charsetOf(bytes);
  const encoding = charset === '' ? 'utf-8' : HL7_CHARSETS[charset.toUpperCase()];
  if (encoding === undefined) {
    return { ok: false, text: bytes.toString('latin1'), charset, problem: 'unsupported' };
  }
  const text = strictDecode(bytes, encoding);
  if (text === undefined) {
    return { ok: false, text: lenientUtf8.decode(bytes), charset, problem: 'invalid' };
  }
  return { ok: true, text, charset };
}

/**
 * An HL7 message's text in the bytes of the charset its own MSH-18 names (UTF-8 when none or one
 * not in `HL7_CHARSETS`): how an ACK goes back, always readable by what it says of itself.
 */
export function encodeHl7Bytes(text: string): Buffer {
  const encoding = HL7_CHARSETS[charsetOfText(text).toUpperCase()] ?? 'utf-8';
  return encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, encoding);
}
