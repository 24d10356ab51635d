// Reading a JSON request body field by field: every invalid field is recorded (named by its path,
// e.g. `items[3].revenueCode`) so one 400 lists them all.
import { CODE_PATTERN } from '@meridian/contracts';
import { InvalidRequestException } from '@meridian/service-kit';
import type { FieldError } from '@meridian/service-kit';

export type Json = Readonly<Record<string, unknown>>;

/** An identifier a hospital system sends (facility, payer, plan): letters, digits, `.`, `_`, `-`. */

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Collects the field errors of one body. */
export class BodyReader {
  readonly errors: FieldError[] = [];

  fail(field: string, message: string): undefined {
    this.errors.push({ field, message });
    return undefined;
  }

  /** `value` as an object with only `known` fields, else undefined (errors recorded). */
  object(field: string, value: unknown, known: readonly string[]): Json | undefined {
    if (!isObject(value)) return this.fail(field, 'must be a JSON object');
    const prefix = field === 'body' ? '' : `${field}.`;
    for (const key of Object.keys(value).filter((k) => !known.includes(k)))
      this.fail(`${prefix}${key}`, 'is not a known field');
    return value;
  }

  array(
    field: string,
    value: unknown,
    size: { min: number; max: number },
  ): readonly unknown[] | undefined {
    if (!Array.isArray(value)) return this.fail(field, 'must be an array');
    if (value.length < size.min || value.length > size.max)
      return this.fail(field, `must have ${size.min} to ${size.max} entries`);
    return value;
  }

  text(field: string, value: unknown, max: number): string | undefined {
    if (typeof value !== 'string' || value.trim() === '')
      return this.fail(field, 'must be a non-blank string');
    if (value.trim().length > max) return this.fail(field, `must be at most ${max} characters`);
    return value.trim();
  }

  /** A code such as a facility, payer or plan id (`BWH`, `BCBS-PPO`), else undefined. */
  code(field: string, value: unknown, max: number): string | undefined {
    const text = this.text(field, value, max);
    if (text === undefined || CODE_PATTERN.test(text)) return text;
    return this.fail(field, 'must be a code of letters, digits, ".", "_" and "-", e.g. BCBS-PPO');
  }

  /** Throws the 400 naming every recorded field, if any. */
  done(): void {
    if (this.errors.length > 0) throw new InvalidRequestException(this.errors);
  }
}
