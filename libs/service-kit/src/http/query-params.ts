import { ApiQuery } from '@nestjs/swagger';
import { InvalidRequestException } from '../problem/problem-details.js';
import type { FieldError } from '../problem/problem-details.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The longest value a query parameter may have (ids, codes, names); longer is a 400. */
const MAX_TEXT = 200;

/** The range of an integer parameter and its value when absent. */
export interface IntegerRange {
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

/** `limit` of a list endpoint: 1 to 200, 50 when absent (`params.integer('limit', PAGE_LIMIT)`). */
export const PAGE_LIMIT: IntegerRange = { min: 1, max: 200, default: 50 };

/** Documents the optional `limit` parameter of a list endpoint for OpenAPI. */
export function ApiLimitQuery(limit: IntegerRange = PAGE_LIMIT): MethodDecorator {
  return ApiQuery({
    name: 'limit',
    type: Number,
    required: false,
    description: `${limit.min} to ${limit.max}, default ${limit.default}`,
  });
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A path id: the uuid in lower case, or a 400 naming `field`. */
export function requireUuid(field: string, value: string): string {
  if (!isUuid(value)) throw new InvalidRequestException([{ field, message: 'must be a UUID' }]);
  return value.toLowerCase();
}

/**
 * Reads query parameters (Express gives `string | string[]`), trimmed, collecting every problem;
 * `done()` throws one 400 (problem+json) naming each invalid, missing or unknown parameter, the
 * first problem of each.
 *
 * ```ts
 * const params = new QueryParams(query, ['status', 'limit']);
 * const status = params.oneOf('status', STATUSES);
 * const limit = params.integer('limit', PAGE_LIMIT);
 * params.done();
 * ```
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

  /** A value that must be given ('' when it is not: `done()` then throws). */
  requiredText(name: string): string {
    const value = this.text(name);
    if (value === undefined && this.query[name] === undefined) this.fail(name, 'is required');
    return value ?? '';
  }

  oneOf<const V extends string>(name: string, values: readonly V[]): V | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    return (
      values.find((v) => v === value) ?? this.fail(name, `must be one of ${values.join(', ')}`)
    );
  }

  /** A whole number in `[min, max]`; `default` when absent (or invalid). */
  integer(name: string, range: IntegerRange): number {
    const value = this.text(name);
    if (value === undefined) return range.default;
    const parsed = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
    if (parsed >= range.min && parsed <= range.max) return parsed;
    this.fail(name, `must be an integer between ${range.min} and ${range.max}`);
    return range.default;
  }

  /** A value `valid` accepts; else `message` ("must be ...") names what it must be. */
  matching(name: string, valid: (value: string) => boolean, message: string): string | undefined {
    const value = this.text(name);
    if (value === undefined || valid(value)) return value;
    return this.fail(name, message);
  }

  /** What `parse` makes of the value; `parse` answering undefined means invalid: `message`. */
  parsed<T>(name: string, parse: (value: string) => T | undefined, message: string): T | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    return parse(value) ?? this.fail(name, message);
  }

  /** Throws the 400 when any parameter failed. */
  done(): void {
    if (this.errors.length > 0) throw new InvalidRequestException(this.errors);
  }

  private fail(field: string, message: string): undefined {
    if (!this.errors.some((e) => e.field === field)) this.errors.push({ field, message });
    return undefined;
  }
}
