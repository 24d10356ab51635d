// Validation of generator options: a bad value is an error naming the option and the form it
// must have.
export const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const PASCAL_CASE = /^[A-Z][a-z0-9]+([A-Z][a-z0-9]*)*$/;
export const CAMEL_CASE = /^[a-z][a-z0-9]*([A-Z][a-z0-9]*)*$/;
/** An Avro namespace part and a scope tag: health.meridian.<domain>, scope:<domain>. */
export const DOMAIN = /^[a-z][a-z0-9]*$/;

/** `value` when it matches `pattern`; otherwise an error naming `--<option>`. */
export function checkOption(option: string, value: unknown, pattern: RegExp, form: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new Error(`--${option}=${String(value)} is invalid: ${form}`);
  }
  return value;
}
