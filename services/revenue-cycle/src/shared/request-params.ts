import { InvalidRequestException } from '@meridian/service-kit';
import type { FieldError } from '@meridian/service-kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TEXT = 200;

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A path id: the uuid (lower case), or a 400 naming `field`. */
export function requireUuid(field: string, value: string): string {
  if (!isUuid(value)) throw new InvalidRequestException([{ field, message: 'must be a UUID' }]);
  return value.toLowerCase();
}

/**
 * Reads query parameters (Express gives `string | string[]`), collecting every problem; `done()`
 * throws one 400 naming each invalid or unknown parameter.
 */
export class QueryParams {
  private readonly errors: FieldError[] = [];

  constructor(
    private readonly query: Readonly<Record<string, unknown>>,
    known: readonly string[],
  ) {
    for (const name of Object.keys(query)) {
      if (!known.includes(name))
        this.errors.push({ field: name, message: 'is not a known parameter' });
    }
  }

  /** A non-blank value given once, or undefined when absent. */
  text(name: string): string | undefined {
    const raw = this.query[name];
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string') return this.fail(name, 'must be given once');
    const value = raw.trim();
    if (value.length === 0) return this.fail(name, 'must not be blank');
    if (value.length > MAX_TEXT) return this.fail(name, `must be at most ${MAX_TEXT} characters`);
    return value;
  }

  /** A value that must be there. */
  requiredText(name: string): string {
    const value = this.text(name);
    if (value === undefined && this.query[name] === undefined) this.fail(name, 'is required');
    return value ?? '';
  }

  oneOf<const V extends string>(name: string, values: readonly V[]): V | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    const value = values.find((v) => v === raw);
    return value ?? this.fail(name, `must be one of ${values.join(', ')}`);
  }

  /** `limit`: an integer from 1 to MAX_LIMIT, DEFAULT_LIMIT when absent. */
  limit(name = 'limit'): number {
    const raw = this.text(name);
    if (raw === undefined) return DEFAULT_LIMIT;
    const value = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
    if (value >= 1 && value <= MAX_LIMIT) return value;
    this.fail(name, `must be an integer between 1 and ${MAX_LIMIT}`);
    return DEFAULT_LIMIT;
  }

  done(): void {
    if (this.errors.length > 0) throw new InvalidRequestException(this.errors);
  }

  private fail(field: string, message: string): undefined {
    if (!this.errors.some((e) => e.field === field)) this.errors.push({ field, message });
    return undefined;
  }
}
