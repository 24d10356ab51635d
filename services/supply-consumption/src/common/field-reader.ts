import { actorFieldRefused, InvalidRequestException, isUuid } from '@meridian/service-kit';
import type { FieldError, RowResult } from '@meridian/service-kit';

const ISO_TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `raw` is a calendar date `YYYY-MM-DD` (a day the month has). */
export function isIsoDate(raw: string): boolean {
  const match = ISO_DATE.exec(raw);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
  );
}

/** An ISO-8601 date-time with seconds optional and a zone (`Z` or `±hh:mm`); undefined otherwise. */
export function parseIsoTimestamp(raw: string): Date | undefined {
  if (!ISO_TIMESTAMP.test(raw) || !isIsoDate(raw.slice(0, 10))) return undefined;
  const time = Date.parse(raw);
  return Number.isNaN(time) ? undefined : new Date(time);
}

export interface TextRule {
  readonly required?: boolean;
  readonly max: number;
  readonly pattern?: RegExp;
  /** Said when `pattern` does not match, e.g. 'must be an encounter id such as V000123'. */
  readonly patternMessage?: string;
}

/**
 * Reads the fields of a JSON body or a query string, collecting every problem; `complete()`
 * throws one 400 problem+json naming each invalid, missing or unknown field.
 */
export class FieldReader {
  private readonly errors: FieldError[] = [];
  private readonly values: Readonly<Record<string, unknown>>;

  constructor(source: unknown, known: readonly string[]) {
    if (typeof source !== 'object' || source === null || Array.isArray(source)) {
      this.values = {};
      this.fail('body', 'must be a JSON object');
      return;
    }
    this.values = source as Record<string, unknown>;
    for (const name of Object.keys(this.values)) {
      if (!known.includes(name)) this.fail(name, 'is not a known field');
    }
  }

  /** Whether the field is present (null counts as absent). */
  has(name: string): boolean {
    return this.values[name] !== undefined && this.values[name] !== null;
  }

  /** A trimmed, non-blank string within the rule; undefined when absent (or invalid). */
  text(name: string, rule: TextRule): string | undefined {
    if (!this.has(name)) {
      return rule.required ? this.fail(name, 'is required') : undefined;
    }
    const raw = this.values[name];
    if (typeof raw !== 'string') return this.fail(name, 'must be a single string');
    const value = raw.trim();
    if (value.length === 0) return this.fail(name, 'must not be blank');
    if (value.length > rule.max) return this.fail(name, `must be at most ${rule.max} characters`);
    if (rule.pattern && !rule.pattern.test(value)) {
      return this.fail(name, rule.patternMessage ?? `must match ${rule.pattern.source}`);
    }
    return value;
  }

  /** A JSON integer in [min, max]; undefined when absent (or invalid). */
  integer(
    name: string,
    range: { required?: boolean; min: number; max: number },
  ): number | undefined {
    if (!this.has(name)) return range.required ? this.fail(name, 'is required') : undefined;
    const raw = this.values[name];
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < range.min || raw > range.max) {
      return this.fail(name, `must be an integer from ${range.min} to ${range.max}`);
    }
    return raw;
  }

  /**
   * A boolean: JSON true/false, or the text `true`/`false` of a CSV cell; `fallback` when absent
   * (or undefined when invalid).
   */
  boolean(name: string, fallback: boolean): boolean | undefined {
    if (!this.has(name)) return fallback;
    const raw = this.values[name];
    if (raw === true || raw === 'true') return true;
    if (raw === false || raw === 'false') return false;
    return this.fail(name, 'must be true or false');
  }

  /**
   * A list of trimmed, non-blank strings: a JSON array of strings, or one text (a CSV cell) split
   * at `separator`; empty when absent (or undefined when invalid).
   */
  textList(name: string, rule: { max: number; separator: string }): string[] | undefined {
    if (!this.has(name)) return [];
    const raw = this.values[name];
    const parts = typeof raw === 'string' ? raw.split(rule.separator) : raw;
    if (!Array.isArray(parts) || !parts.every((p): p is string => typeof p === 'string')) {
      return this.fail(
        name,
        `must be an array of strings (or a text separated by ${rule.separator})`,
      );
    }
    const values = parts.map((p) => p.trim());
    if (values.some((v) => v.length === 0)) return this.fail(name, 'must not hold a blank entry');
    if (values.length > rule.max) return this.fail(name, `must hold at most ${rule.max} entries`);
    return values;
  }

  /** A UUID, lower-cased. */
  uuid(name: string, required = false): string | undefined {
    const value = this.text(name, { required, max: 36 });
    if (value === undefined) return undefined;
    return isUuid(value) ? value.toLowerCase() : this.fail(name, 'must be a UUID');
  }

  /** An ISO-8601 date-time with a zone. */
  timestamp(name: string): Date | undefined {
    const value = this.text(name, { max: 40 });
    if (value === undefined) return undefined;
    return (
      parseIsoTimestamp(value) ??
      this.fail(name, 'must be an ISO-8601 date-time with a zone, e.g. 2026-03-01T14:30:00Z')
    );
  }

  /** A calendar date `YYYY-MM-DD`. */
  date(name: string, required = false): string | undefined {
    const value = this.text(name, { required, max: 10 });
    if (value === undefined) return undefined;
    return isIsoDate(value) ? value : this.fail(name, 'must be a date YYYY-MM-DD, e.g. 2026-03-01');
  }

  /** Records a problem with `field` (the first one per field is kept). */
  /**
   * Refuses a field naming who acted (`voidedBy`, `receivedBy`, `overriddenBy`): that is the
   * caller of the bearer token, so a body naming someone (as clients sent before tokens) is a 400,
   * not ignored.
   */
  refuseActor(field: string): void {
    if (this.has(field)) this.fail(field, actorFieldRefused(field).message);
  }

  fail(field: string, message: string): undefined {
    if (!this.errors.some((e) => e.field === field)) this.errors.push({ field, message });
    return undefined;
  }

  /** The value when no field failed, else every field's problem (a row of a bulk import). */
  result<T>(parsed: () => T): RowResult<T> {
    return this.errors.length > 0
      ? { ok: false, errors: [...this.errors] }
      : { ok: true, value: parsed() };
  }

  /**
   * Throws the 400 when any field failed; otherwise `parsed`, typed with its `required` fields
   * set (a required field that was missing or invalid has failed).
   */
  complete<T extends object, K extends keyof T>(
    parsed: T,
    ...required: K[]
  ): T & { [P in K]-?: NonNullable<T[P]> } {
    if (this.errors.length > 0) throw new InvalidRequestException(this.errors);
    const missing = required.filter((key) => parsed[key] === undefined);
    if (missing.length > 0) throw new Error(`required fields not read: ${missing.join(', ')}`);
    return parsed as T & { [P in K]-?: NonNullable<T[P]> };
  }
}
