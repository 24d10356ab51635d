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

let running: Promise<void> | undefined;

/**
 * Runs every registered step, the latest first; a failing or hanging step does not stop the rest.
 * A second call while one runs (the bench's own end and a signal) waits for the same teardown.
 */
export function teardown(log: (line: string) => void): Promise<void> {
  running ??= runSteps(log).finally(() => {
    running = undefined;
  });
  return running;
}

async function runSteps(log: (line: string) => void): Promise<void> {
  // What is being stopped fails the work still using it (an error event of a client whose server
  // just went): logged, so the teardown still removes everything.
  const stray = (error: unknown): void =>
    log(`teardown: ${error instanceof Error ? error.message : String(error)} (ignored)`);
  process.on('uncaughtException', stray);
  process.on('unhandledRejection', stray);
  try {
    await runEach(log);
  } finally {
    process.off('uncaughtException', stray);
    process.off('unhandledRejection', stray);
  }
}

async function runEach(log: (line: string) => void): Promise<void> {
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

/** How long the interrupted bench has after the teardown to write its result file. */
const RESULT_GRACE_MS = 10_000;

/**
 * On SIGINT or SIGTERM: tears down; the bench, whose work now fails, writes its result and exits;
 * if it does not within RESULT_GRACE_MS, exits 130 (a second signal exits at once).
 */
export function teardownOnSignals(log: (line: string) => void): void {
  const handler = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping the benchmark's processes and removing its stack ...`);
    process.once(signal, () => process.exit(130));
    void teardown(log).finally(() => setTimeout(() => process.exit(130), RESULT_GRACE_MS).unref());
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
