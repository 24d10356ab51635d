/** A failure the operator can fix; printed as one sentence, never as a stack trace. */
export class StackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackError';
  }
}
