/** A written row that what is stored does not allow; `field` is the row's field it names. */
export interface RowRefusal<F extends string = string> {
  /** Index of the written row. */
  readonly index: number;
  readonly field: F;
  readonly message: string;
}

/**
 * Rows a store refused against what it already holds; nothing was written. The caller turns
 * `refusals` into a problem naming each row (`rowsRefused`).
 */
export class RowsRefusedError<F extends string = string> extends Error {
  constructor(
    readonly refusals: readonly RowRefusal<F>[],
    /** 409 when a row contradicts what is stored; 400 when it names what does not exist. */
    readonly status: 400 | 409 = 409,
  ) {
    super(refusals.map((r) => r.message).join('; '));
    this.name = 'RowsRefusedError';
  }
}
