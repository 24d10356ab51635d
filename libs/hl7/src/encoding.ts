/**
 * HL7 v2 encoding characters (MSH-1 and MSH-2) and escape sequences (v2.5.1 chapter 2.7).
 */
export interface Delimiters {
  readonly field: string;
  readonly component: string;
  readonly repetition: string;
  readonly escape: string;
  readonly subcomponent: string;
}

/** `|^~\&`: what nearly every sender uses, and what the builders write. */
export const DEFAULT_DELIMITERS: Delimiters = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
};

/** MSH-2 as written for `delimiters`: component, repetition, escape, subcomponent. */
export function encodingCharacters(delimiters: Delimiters): string {
  return `${delimiters.component}${delimiters.repetition}${delimiters.escape}${delimiters.subcomponent}`;
}

/**
 * The delimiters of MSH-1 (`field`) and MSH-2 (`characters`, 4 characters, or 5 with the v2.7
 * truncation character, which is ignored); undefined when they are not usable: missing, repeated,
 * alphanumeric or a line break.
 */
export function delimitersFrom(field: string, characters: string): Delimiters | undefined {
  if (characters.length < 4 || characters.length > 5) return undefined;
  const [component = '', repetition = '', escape = '', subcomponent = ''] = characters;
  const all = [field, component, repetition, escape, subcomponent];
  const usable = all.every((c) => c.length === 1 && !/[A-Za-z0-9\s]/.test(c) && !isControl(c));
  if (!usable || new Set(all).size !== all.length) return undefined;
  return { field, component, repetition, escape, subcomponent };
}

/** A C0 control character or DEL (a line break, NUL, the MLLP block characters...). */
function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `\Xhhhh\` data: UTF-8 when the bytes are valid UTF-8, else ISO 8859-1; undefined if not hex. */
function decodeHex(hex: string): string | undefined {
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  const bytes = Buffer.from(hex, 'hex');
  try {
    return utf8.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/**
 * The text of an escaped value: `\F\ \S\ \T\ \R\ \E\` become the delimiters, `\Xhh..\` the
 * characters of the hex bytes, `\.br\` a line break (`\n`). Other sequences (highlighting `\H\`,
 * character sets `\C..\`, locally defined `\Z..\`, other formatting commands) and an escape
 * character without its closing one are kept verbatim.
 */
export function unescapeValue(raw: string, delimiters: Delimiters): string {
  const esc = delimiters.escape;
  if (!raw.includes(esc)) return raw;
  let text = '';
  let index = 0;
  while (index < raw.length) {
    const start = raw.indexOf(esc, index);
    if (start < 0) break;
    const end = raw.indexOf(esc, start + 1);
    if (end < 0) break;
    text += raw.slice(index, start);
    const sequence = raw.slice(start + 1, end);
    text += expand(sequence, delimiters) ?? `${esc}${sequence}${esc}`;
    index = end + 1;
  }
  return text + raw.slice(index);
}

function expand(sequence: string, d: Delimiters): string | undefined {
  switch (sequence) {
    case 'F':
      return d.field;
    case 'S':
      return d.component;
    case 'T':
      return d.subcomponent;
    case 'R':
      return d.repetition;
    case 'E':
      return d.escape;
    case '.br':
      return '\n';
    default:
      return sequence.startsWith('X') ? decodeHex(sequence.slice(1)) : undefined;
  }
}

/** Whether `text` holds a delimiter, the escape character or a control character but TAB. */
function needsEscaping(text: string, d: Delimiters): boolean {
  const special = [d.escape, d.field, d.component, d.subcomponent, d.repetition].map((c) =>
    c.charCodeAt(0),
  );
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 ? code !== 0x09 : code === 0x7f || special.includes(code)) return true;
  }
  return false;
}

/**
 * Escapes text for an HL7 value: the delimiters and the escape character as `\F\ \S\ \T\ \R\ \E\`,
 * a line feed as `\.br\`, and other control characters but TAB (a carriage return, the segment
 * terminator; NUL; the MLLP block characters, which would end a frame) as `\Xhh\`.
 */
export function escapeValue(text: string, delimiters: Delimiters): string {
  if (!needsEscaping(text, delimiters)) return text;
  const esc = delimiters.escape;
  const replacements = new Map<string, string>([
    [esc, `${esc}E${esc}`],
    [delimiters.field, `${esc}F${esc}`],
    [delimiters.component, `${esc}S${esc}`],
    [delimiters.subcomponent, `${esc}T${esc}`],
    [delimiters.repetition, `${esc}R${esc}`],
    ['\n', `${esc}.br${esc}`],
    ['\t', '\t'],
  ]);
  const hex = (char: string): string =>
    `${esc}X${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}${esc}`;
  let escaped = '';
  for (const char of text) {
    escaped += replacements.get(char) ?? (isControl(char) ? hex(char) : char);
  }
  return escaped;
}
