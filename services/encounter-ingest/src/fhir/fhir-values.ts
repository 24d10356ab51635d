// Reading untrusted FHIR JSON: the request body is typed by @medplum/fhirtypes only once a value
// has been checked, so every accessor here takes `unknown`.
import { Hl7TimestampError, parseHl7Timestamp } from '@meridian/hl7';
import type { IngestIssue, IssueKind } from '../encounters/encounter-facts.js';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-blank string, trimmed; undefined otherwise. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The objects of a JSON array (anything else reads as empty). */
export function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** A property of an object, if the value is one. */
export function prop(value: unknown, name: string): unknown {
  return isObject(value) ? value[name] : undefined;
}

/** The first identifier value of a resource (`identifier[]`) or of a logical Reference. */
export function identifierOf(value: unknown): string | undefined {
  const identifiers = prop(value, 'identifier');
  const list = Array.isArray(identifiers) ? objects(identifiers) : [identifiers];
  return list.map((identifier) => text(prop(identifier, 'value'))).find((v) => v !== undefined);
}

/** The codes of a CodeableConcept (or of a single Coding) from `system` (any when omitted). */
export function codes(concept: unknown, system?: string): string[] {
  const codings = isObject(concept) && 'coding' in concept ? objects(concept['coding']) : [concept];
  return codings
    .filter((coding) => system === undefined || text(prop(coding, 'system')) === system)
    .flatMap((coding) => text(prop(coding, 'code')) ?? []);
}

/** The first code of a concept whose system is one of `systems`, with that system. */
export function codeIn(
  concept: unknown,
  systems: readonly string[],
): { readonly code: string; readonly system: string } | undefined {
  for (const coding of objects(prop(concept, 'coding'))) {
    const system = text(prop(coding, 'system'));
    const code = text(prop(coding, 'code'));
    if (system !== undefined && code !== undefined && systems.includes(system))
      return { code, system };
  }
  return undefined;
}

const DATE_TIME =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * A FHIR date, dateTime or instant as an instant: read as the HL7 DTM it corresponds to, so a
 * value without a zone (a date) is local time of `timeZone`, like HL7 v2. Undefined if invalid.
 */
export function parseFhirDateTime(value: string, timeZone: string): Date | undefined {
  const match = DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, year, month = '', day = '', hour = '', minute = '', second = '', fraction, zone] = match;
  const fractionPart = fraction && second ? `.${fraction.slice(0, 4)}` : '';
  const offset = zone === undefined ? '' : zone === 'Z' ? '+0000' : zone.replace(':', '');
  const dtm = `${year}${month}${day}${hour}${minute}${second}${fractionPart}${offset}`;
  try {
    return parseHl7Timestamp(dtm, { timeZone });
  } catch (error) {
    if (error instanceof Hl7TimestampError) return undefined;
    throw error;
  }
}

/** Collects problems with a FHIR resource as issues naming their FHIRPath expression. */
export class FhirIssues {
  readonly list: IngestIssue[] = [];

  add(kind: IssueKind, where: string, problem: string): void {
    this.list.push({ kind, where, message: `${where} ${problem}` });
  }

  /** A dateTime at `where`, or an issue; null when absent (an issue too when `required`). */
  dateTime(value: unknown, where: string, timeZone: string, required = false): Date | null {
    if (value === undefined || value === null) {
      if (required) this.add('required', where, 'is required');
      return null;
    }
    const parsed = typeof value === 'string' ? parseFhirDateTime(value, timeZone) : undefined;
    if (parsed === undefined) this.add('datatype', where, 'is not a valid FHIR dateTime');
    return parsed ?? null;
  }
}
