/**
 * Writes what is submitted in groups: items submitted while the groups in flight (at most
 * `maxInFlight`) are being written wait and become the next group (at most `maxGroupSize`, the rest
 * the one after), so N concurrent submitters cost one write, and one alone costs one write of one.
 * With more than one group in flight, a group's database work overlaps the Kafka request of the
 * one before. A write answers each item of its group in order; the answer may be a promise (settled
 * later, e.g. outside the group) or an error for that item alone (a rejected promise). A write that
 * throws fails its whole group.
 */
export class GroupCommit<T, R> {
  private waiting: Pending<T, R>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly options: {
      /** Most items in one group (INGEST_MAX_GROUP_SIZE). */
      readonly maxGroupSize: number;
      /** Most groups being written at once (INGEST_GROUPS_IN_FLIGHT). */
      readonly maxInFlight: number;
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
      if (this.scheduled || this.inFlight >= this.options.maxInFlight) return;
      this.scheduled = true;
      // After the I/O callbacks of this loop turn: frames read in one turn share the group.
      setImmediate(() => {
        this.scheduled = false;
        this.start();
      });
    });
  }

  /** Starts groups of what waits while fewer than maxInFlight are being written. */
  private start(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.options.maxGroupSize);
      this.inFlight += 1;
      this.options.onGroup?.(group.length);
      void this.write(group).finally(() => {
        this.inFlight -= 1;
        this.start();
      });
    }
  }

  private async write(group: readonly Pending<T, R>[]): Promise<void> {
    try {
      const answers = await this.options.write(group.map((pending) => pending.item));
      if (answers.length !== group.length)
        throw new Error(`a group of ${group.length} was answered ${answers.length} times`);
      group.forEach((pending, i) => pending.resolve(answers[i] as R | Promise<R>));
    } catch (error) {
      for (const pending of group) pending.reject(error);
    }
  }
}

interface Pending<T, R> {
  readonly item: T;
  readonly resolve: (answer: R | Promise<R>) => void;
  readonly reject: (error: unknown) => void;
}
