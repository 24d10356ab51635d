/** One place a marker value was found. */
export interface MarkerHit {
  /** The source's name, e.g. `encounter-ingest stdout` or `spans`. */
  readonly source: string;
  readonly marker: string;
  /** How it was written there: `as is` (any case), `URL-encoded`, `JSON-escaped`. */
  readonly form: string;
  /** Up to 60 characters either side, for the failure message. */
  readonly excerpt: string;
}

/** The ways a value is written in logs and spans besides as it is. */
const FORMS: readonly (readonly [string, (marker: string) => string])[] = [
  ['as is', (marker) => marker],
  ['URL-encoded', (marker) => encodeURIComponent(marker)],
  ['JSON-escaped', (marker) => JSON.stringify(marker).slice(1, -1)],
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Every occurrence of a marker (a test patient's name, MRN, date of birth) in `sources` (a
 * service's log output, exported span bodies), in any case, as is, URL-encoded or JSON-escaped:
 * what the PHI scan asserts is empty. A marker should be distinctive (`ZZPHIMARKER...`): a short
 * or common one finds itself in unrelated text.
 */
export function findMarkers(
  sources: Readonly<Record<string, string>>,
  markers: readonly string[],
): MarkerHit[] {
  const hits: MarkerHit[] = [];
  for (const [source, text] of Object.entries(sources)) {
    for (const marker of markers) {
      const forms = new Map<string, string>();
      for (const [form, write] of FORMS)
        if (!forms.has(write(marker))) forms.set(write(marker), form);
      for (const [written, form] of forms) {
        for (const match of text.matchAll(new RegExp(escapeRegExp(written), 'gi'))) {
          const at = match.index;
          const excerpt = text.slice(Math.max(0, at - 60), at + written.length + 60);
          hits.push({ source, marker, form, excerpt });
        }
      }
    }
  }
  return hits;
}
