import { InvalidRequestException } from '@meridian/service-kit';
import type { FieldError } from '@meridian/service-kit';

const MAX_TEXT = 200;

/**
 * Reads query parameters (Express gives `string | string[]`) and collects every problem; `done()`
 * throws one 400 problem naming each invalid or unknown parameter.
 */
export class QueryParams {
  private readonly errors: FieldError[] = [];

  constructor(
    private readonly query: Readonly<Record<string, unknown>>,
    known: readonly string[],
  ) {
    for (const name of Object.keys(query)) {
      if (!known.includes(name)) this.fail(name, 'is not a known parameter');
    }
  }

  /** A non-blank value given once, trimmed; undefined when absent. */
  text(name: string): string | undefined {
    const raw = this.query[name];
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string') return this.fail(name, 'must be given once');
    const value = raw.trim();
    if (value.length === 0) return this.fail(name, 'must not be blank');
    if (value.length > MAX_TEXT) return this.fail(name, `must be at most ${MAX_TEXT} characters`);
    return value;
  }

  /** A value `valid` accepts, else `must` is the message ("must be ..."). */
  matching(name: string, valid: (value: string) => boolean, must: string): string | undefined {
    const value = this.text(name);
    if (value === undefined || valid(value)) return value;
    return this.fail(name, must);
  }

  oneOf<const V extends string>(name: string, values: readonly V[]): V | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    return (
      values.find((v) => v === value) ?? this.fail(name, `must be one of ${values.join(', ')}`)
    );
  }

  integer(name: string, range: { min: number; max: number; default: number }): number {
    const value = this.text(name);
    if (value === undefined) return range.default;
    const parsed = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
    if (parsed >= range.min && parsed <= range.max) return parsed;
    this.fail(name, `must be an integer between ${range.min} and ${range.max}`);
    return range.default;
  }

  done(): void {
    if (this.errors.length > 0) throw new InvalidRequestException(this.errors);
  }

  private fail(field: string, message: string): undefined {
    if (!this.errors.some((e) => e.field === field)) this.errors.push({ field, message });
    return undefined;
  }
}
