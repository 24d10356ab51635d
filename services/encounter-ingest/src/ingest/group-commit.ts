/**
 * Writes what is submitted in groups: items submitted while a group is being written wait and
 * become the next group (at most `maxGroupSize`, the rest the one after), so N concurrent
 * submitters cost one write, and one alone costs one write of one. A write answers each item of
 * its group in order; the answer may be a promise (settled later, e.g. outside the group) or an
 * error for that item alone (a rejected promise). A write that throws fails its whole group.
 */
export class GroupCommit<T, R> {
  private waiting: Pending<T, R>[] = [];
  private writing = false;

  constructor(
    private readonly options: {
      /** Most items in one group (INGEST_MAX_GROUP_SIZE). */
      readonly maxGroupSize: number;
      /** Writes one group; one answer per item, in the group's order. */
      readonly write: (group: readonly T[]) => Promise<readonly (R | Promise<R>)[]>;
      /** Told the size of each group written (a metric). */
      readonly onGroup?: (size: number) => void;
    },
  ) {}

  /** Resolves with the item's answer once the group it went in was written. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.writing) return;
      this.writing = true;
      // After the I/O callbacks of this loop turn: frames read in one turn share the first group.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.options.maxGroupSize);
      this.options.onGroup?.(group.length);
      try {
        const answers = await this.options.write(group.map((pending) => pending.item));
        if (answers.length !== group.length)
          throw new Error(`a group of ${group.length} was answered ${answers.length} times`);
        group.forEach((pending, i) => pending.resolve(answers[i] as R | Promise<R>));
      } catch (error) {
        for (const pending of group) pending.reject(error);
      }
    }
    this.writing = false;
  }
}

interface Pending<T, R> {
  readonly item: T;
  readonly resolve: (answer: R | Promise<R>) => void;
  readonly reject: (error: unknown) => void;
}
