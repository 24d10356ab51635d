// What a benchmark started and must end, also when it fails or is interrupted (Ctrl-C, SIGTERM):
// each step is registered as it starts and runs once, the latest first.

type Step = () => Promise<void>;
const steps: { readonly what: string; readonly step: Step }[] = [];
/** A step may take this long before the next one runs anyway. */
const STEP_TIMEOUT_MS = 30_000;

/** Registers `step`; the returned function runs it now (once) and unregisters it. */
export function onTeardown(what: string, step: Step): () => Promise<void> {
  let done: Promise<void> | undefined;
  const entry = { what, step: () => (done ??= step()) };
  steps.push(entry);
  return () => {
    const at = steps.indexOf(entry);
    if (at >= 0) steps.splice(at, 1);
    return entry.step();
  };
}

/** Runs every registered step, the latest first; a failing or hanging step does not stop the rest. */
export async function teardown(log: (line: string) => void): Promise<void> {
  for (let entry = steps.pop(); entry; entry = steps.pop()) {
    const { what, step } = entry;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log(`teardown: ${what} still running after ${STEP_TIMEOUT_MS / 1000} s, going on`);
        resolve();
      }, STEP_TIMEOUT_MS);
    });
    await Promise.race([
      step().catch((error: unknown) =>
        log(`teardown: ${what} failed: ${error instanceof Error ? error.message : String(error)}`),
      ),
      timeout,
    ]);
    clearTimeout(timer);
  }
}

/** On SIGINT or SIGTERM: tears down, then exits 130 (a second signal exits at once). */
export function teardownOnSignals(log: (line: string) => void): void {
  const handler = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping the benchmark's processes and removing its stack ...`);
    process.once(signal, () => process.exit(130));
    void teardown(log).finally(() => process.exit(130));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
