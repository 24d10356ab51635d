// HL7 v2 parsing cost by message size: an ADT^A03 with 1k, 10k and 100k DG1 segments (limits
// raised for the run), parsed, checked against its structure and read field by field as the ADT
// mapper reads it (every DG1 by occurrence). Linear parsing keeps the time per segment flat:
// `perSegment100kVs1k` near 1. No services, no Kafka.
// `npm run bench -- hl7-parse`
import { buildAdtMessage, parseHl7, validateStructure } from '@meridian/hl7';
import type { Hl7Limits } from '@meridian/hl7';
import { round } from './stats.ts';

const SIZES = [1_000, 10_000, 100_000] as const;
const RUNS = 5;
const LIMITS: Hl7Limits = { maxSegments: 1_000_000, maxRepetitions: 100, maxFieldLength: 65_536 };

function messageWith(diagnoses: number): string {
  const base = buildAdtMessage({
    event: 'A03',
    controlId: 'BENCH1',
    visitNumber: 'V1',
    mrn: 'MRN1',
    patientClass: 'I',
    location: { unitId: '4W', roomId: '401', bedId: 'A', facilityId: 'MGH' },
    admitAt: new Date('2026-11-18T14:05:00Z'),
    dischargeAt: new Date('2026-11-21T16:30:00Z'),
    disposition: '01',
  });
  const dg1 = (i: number): string => `DG1|${i}||I21.4^NSTEMI^I10||20261120|A\r`;
  return base + Array.from({ length: diagnoses }, (_, i) => dg1(i + 1)).join('');
}

/** One parse, structure check and read of every DG1, in ms. */
function once(text: string, diagnoses: number): number {
  const started = performance.now();
  const message = parseHl7(text, LIMITS);
  validateStructure(message, 'ADT_A03');
  let read = 0;
  for (let i = 1; i <= diagnoses; i += 1) read += message.get(`DG1(${i})-3.1`).length;
  if (read !== diagnoses * 5) throw new Error('a DG1 was not read');
  return performance.now() - started;
}

export function benchHl7Parse(): Record<string, number> {
  const result: Record<string, number> = {};
  const perSegmentUs: number[] = [];
  for (const size of SIZES) {
    const text = messageWith(size);
    once(text, size); // warm-up
    const best = Math.min(...Array.from({ length: RUNS }, () => once(text, size)));
    const segments = size + 4;
    perSegmentUs.push((best * 1000) / segments);
    result[`ms${size / 1000}k`] = round(best, 2);
    result[`usPerSegment${size / 1000}k`] = round((best * 1000) / segments, 3);
  }
  const [small = 1, , large = 0] = perSegmentUs;
  return { ...result, perSegment100kVs1k: round(large / small, 2) };
}
