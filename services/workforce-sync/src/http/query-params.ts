import { InvalidRequestException } from '@meridian/service-kit';
import type { FieldError } from '@meridian/service-kit';

const MAX_LENGTH = 100;

/**
 * The optional query parameters `names` (Express gives `string | string[]`), trimmed; one 400
 * naming every unknown, repeated or blank parameter.
 */
export function optionalParams<const K extends string>(
  query: Readonly<Record<string, unknown>>,
  names: readonly K[],
): Partial<Record<K, string>> {
  const errors: FieldError[] = Object.keys(query)
    .filter((name) => !(names as readonly string[]).includes(name))
    .map((field) => ({ field, message: 'is not a known parameter' }));
  const values: Partial<Record<K, string>> = {};
  for (const name of names) {
    const raw = query[name];
    if (raw === undefined) continue;
    const value = typeof raw === 'string' ? raw.trim() : undefined;
    if (value === undefined) errors.push({ field: name, message: 'must be given once' });
    else if (value.length === 0 || value.length > MAX_LENGTH)
      errors.push({ field: name, message: `must be 1 to ${MAX_LENGTH} characters` });
    else values[name] = value;
  }
  if (errors.length > 0) throw new InvalidRequestException(errors);
  return values;
}
