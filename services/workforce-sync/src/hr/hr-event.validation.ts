// The HR webhook's body, checked field by field: every problem is reported with its field name.
import { isCode } from '@meridian/contracts';
import type { EmployeeChangeType } from '@meridian/contracts';
import type { FieldError } from '@meridian/service-kit';

export const HR_EVENT_TYPES = ['HIRE', 'TERMINATE', 'TRANSFER'] as const;
export type HrEventType = (typeof HR_EVENT_TYPES)[number];

/** Roles the roster knows (nursing roles first). */
export const ROLES = ['RN', 'LPN', 'CNA', 'NP', 'PCT', 'RT', 'UC', 'EVS'] as const;
export type Role = (typeof ROLES)[number];

/** EmployeeChanged's change type of each HR event type. */
export const CHANGE_TYPES: Readonly<Record<HrEventType, EmployeeChangeType>> = {
  HIRE: 'HIRED',
  TERMINATE: 'TERMINATED',
  TRANSFER: 'TRANSFERRED',
};

/** `POST /hr/events` */
export interface HrEventInput {
  readonly eventId: string;
  readonly type: HrEventType;
  readonly employeeId: string;
  readonly jobCode: string;
  readonly role: Role;
  readonly costCenter: string;
  readonly unitId: string | null;
  /** Full-time equivalent, above 0 and at most 1, two decimals. */
  readonly fte: number;
  /** 'YYYY-MM-DD' */
  readonly effectiveDate: string;
}

export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

const FIELDS: readonly string[] = [
  'eventId',
  'type',
  'employeeId',
  'jobCode',
  'role',
  'costCenter',
  'unitId',
  'fte',
  'effectiveDate',
];

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

function hasTwoDecimalsAtMost(value: number): boolean {
  return Math.abs(value * 100 - Math.round(value * 100)) < 1e-9;
}

/** Reads fields of a JSON object, collecting a message per invalid one. */
class FieldReader {
  readonly errors: FieldError[] = [];

  constructor(private readonly body: Readonly<Record<string, unknown>>) {}

  code(field: string, max: number): string {
    const value = this.body[field];
    if (typeof value === 'string' && isCode(value, max)) return value;
    return this.fail(field, `must be a code of 1 to ${max} letters, digits, '.', '_' or '-'`, '');
  }

  oneOf<const V extends string>(field: string, values: readonly V[]): V {
    const value = values.find((v) => v === this.body[field]);
    return value ?? this.fail(field, `must be one of ${values.join(', ')}`, values[0] as V);
  }

  fte(field: string): number {
    const value = this.body[field];
    if (typeof value === 'number' && value > 0 && value <= 1 && hasTwoDecimalsAtMost(value))
      return value;
    return this.fail(field, 'must be a number above 0 and at most 1, with at most 2 decimals', 0);
  }

  date(field: string): string {
    const value = this.body[field];
    if (typeof value === 'string' && isCalendarDate(value)) return value;
    return this.fail(field, 'must be a calendar date YYYY-MM-DD', '');
  }

  private fail<T>(field: string, message: string, placeholder: T): T {
    this.errors.push({ field, message });
    return placeholder;
  }
}

/** The HR event in `body`, or the fields that are missing, invalid or unknown. */
export function validateHrEvent(body: unknown): Validated<HrEventInput> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object' }] };
  const fields = body as Readonly<Record<string, unknown>>;
  const read = new FieldReader(fields);
  const value: HrEventInput = {
    eventId: read.code('eventId', 100),
    type: read.oneOf('type', HR_EVENT_TYPES),
    employeeId: read.code('employeeId', 64),
    jobCode: read.code('jobCode', 32),
    role: read.oneOf('role', ROLES),
    costCenter: read.code('costCenter', 32),
    unitId:
      fields['unitId'] === undefined || fields['unitId'] === null ? null : read.code('unitId', 32),
    fte: read.fte('fte'),
    effectiveDate: read.date('effectiveDate'),
  };
  const unknown = Object.keys(fields)
    .filter((field) => !FIELDS.includes(field))
    .map((field) => ({ field, message: 'is not a known field' }));
  const errors = [...read.errors, ...unknown];
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
