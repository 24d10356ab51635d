// avsc logical types giving the runtime values the generated contracts declare:
// timestamp-millis <-> Date, date <-> 'YYYY-MM-DD', decimal <-> exact decimal string, uuid <-> string.
import avro from 'avsc';

const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// In `_resolve`, a writer of the plain underlying type yields raw values (convert them with
// `_fromValue`), while a writer of the same logical type yields converted ones (keep them).
const same = <V>(value: V): V => value;

class TimestampMillisType extends avro.types.LogicalType {
  protected override _fromValue(value: number): Date {
    return new Date(value);
  }
  protected override _toValue(value: unknown): number | undefined {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.getTime();
    return undefined;
  }
  protected override _resolve(type: avro.Type): ((value: never) => Date) | undefined {
    if (avro.Type.isType(type, 'long', 'int')) return (v: number) => this._fromValue(v);
    if (avro.Type.isType(type, 'logical:timestamp-millis')) return same;
    return undefined;
  }
}

class DateType extends avro.types.LogicalType {
  protected override _fromValue(days: number): string {
    return new Date(days * DAY_MS).toISOString().slice(0, 10);
  }
  protected override _toValue(value: unknown): number | undefined {
    if (typeof value !== 'string') return undefined;
    const match = ISO_DATE.exec(value);
    if (!match) return undefined;
    const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    // Reject dates that rolled over (2026-02-30).
    return new Date(ms).toISOString().slice(0, 10) === value ? ms / DAY_MS : undefined;
  }
  protected override _resolve(type: avro.Type): ((value: never) => string) | undefined {
    if (avro.Type.isType(type, 'int')) return (v: number) => this._fromValue(v);
    if (avro.Type.isType(type, 'logical:date')) return same;
    return undefined;
  }
}

/** Unscaled value of a decimal string at `scale`, or undefined when it does not fit exactly. */
export function parseDecimal(value: string, precision: number, scale: number): bigint | undefined {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) return undefined;
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > scale) return undefined; // never round money silently
  const digits = `${whole}${fraction.padEnd(scale, '0')}`.replace(/^0+(?=\d)/, '');
  if (digits.length > precision) return undefined;
  const unscaled = BigInt(digits);
  return sign ? -unscaled : unscaled;
}

export function formatDecimal(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** Big-endian two's complement, minimal length (Avro's decimal encoding). */
export function toTwosComplement(value: bigint): Buffer {
  let hex = (value < 0n ? (1n << BigInt(8 * byteLength(value))) + value : value).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const buf = Buffer.from(hex, 'hex');
  const length = byteLength(value);
  return buf.length === length
    ? buf
    : Buffer.concat([Buffer.alloc(length - buf.length, value < 0n ? 0xff : 0), buf]);
}

function byteLength(value: bigint): number {
  let bytes = 1;
  while (value < -(1n << BigInt(8 * bytes - 1)) || value >= 1n << BigInt(8 * bytes - 1)) bytes += 1;
  return bytes;
}

export function fromTwosComplement(buf: Buffer): bigint {
  if (buf.length === 0) return 0n;
  const unsigned = BigInt(`0x${buf.toString('hex')}`);
  const negative = (buf[0] ?? 0) >= 0x80;
  return negative ? unsigned - (1n << BigInt(8 * buf.length)) : unsigned;
}

class DecimalType extends avro.types.LogicalType {
  readonly precision: number;
  readonly scale: number;

  constructor(schema: avro.Schema, opts?: unknown) {
    super(schema, opts);
    const { precision, scale = 0 } = schema as { precision?: number; scale?: number };
    if (!Number.isInteger(precision) || (precision ?? 0) < 1)
      throw new Error('decimal needs a positive precision');
    this.precision = precision as number;
    this.scale = scale;
  }
  protected override _fromValue(buf: Buffer): string {
    return formatDecimal(fromTwosComplement(buf), this.scale);
  }
  protected override _toValue(value: unknown): Buffer | undefined {
    if (typeof value !== 'string') return undefined;
    const unscaled = parseDecimal(value, this.precision, this.scale);
    return unscaled === undefined ? undefined : toTwosComplement(unscaled);
  }
  protected override _resolve(type: avro.Type): ((value: never) => string) | undefined {
    if (avro.Type.isType(type, 'bytes')) return (v: Buffer) => this._fromValue(v);
    if (
      type instanceof DecimalType &&
      type.precision === this.precision &&
      type.scale === this.scale
    )
      return same;
    return undefined;
  }
}

class UuidType extends avro.types.LogicalType {
  protected override _fromValue(value: string): string {
    return value;
  }
  protected override _toValue(value: unknown): string | undefined {
    return typeof value === 'string' && UUID.test(value) ? value : undefined;
  }
  protected override _resolve(type: avro.Type): ((value: string) => string) | undefined {
    if (avro.Type.isType(type, 'string', 'logical:uuid')) return same;
    return undefined;
  }
}

/**
 * Options for `avro.Type.forSchema` so that every Meridian schema decodes to the contract types.
 * A fresh object per call: avsc records the named types it parsed in the options it is given.
 */
export function avroTypeOptions(): Partial<avro.ForSchemaOptions> {
  return {
    logicalTypes: {
      'timestamp-millis': TimestampMillisType,
      date: DateType,
      decimal: DecimalType,
      uuid: UuidType,
    },
  };
}
