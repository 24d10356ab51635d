// The one failure a UDI parser raises internally; parseUdi turns it into `{ ok: false, part, message }`.

/** What is wrong with a scan: `part` names the element (`'AI 17'`, `'HIBCC check character'`). */
export class UdiError extends Error {
  constructor(
    readonly part: string,
    message: string,
  ) {
    super(message);
    this.name = 'UdiError';
  }
}
