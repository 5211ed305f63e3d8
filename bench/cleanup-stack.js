/**
 * Everything the bench starts registers its own stop here, so that a normal end, an error and SIGINT/SIGTERM
 * all stop the same things in reverse order, and nothing (nginx, the exporter, temp dirs) outlives the run.
 */
export function createCleanupStack() {
  /** @type {Array<{ label: string; stop: () => Promise<void> | void }>} */
  const entries = [];
  let running;

  return {
    /**
     * @param {string} label
     * @param {() => Promise<void> | void} stop
     */
    push(label, stop) {
      entries.push({ label, stop });
    },
    /** Runs every registered stop once, newest first; a failing stop is reported and the rest still run. */
    runAll() {
      running ??= (async () => {
        while (entries.length > 0) {
          const entry = entries.pop();
          if (entry === undefined) break;
          try {
            await entry.stop();
          } catch (error) {
            process.stderr.write(`bench: stopping ${entry.label} failed: ${String(error)}\n`);
          }
        }
      })();
      return running;
    },
  };
}

/**
 * Stops everything on SIGINT/SIGTERM, then exits with the conventional 128+signal status; a second signal
 * exits at once. The listeners stay installed (`on`, not `once`) so the lab's own process registry, which
 * re-raises a signal nobody else handles, leaves the exit to us and our async stops can finish.
 * @param {{ runAll: () => Promise<void> }} cleanup
 */
export function stopOnSignals(cleanup) {
  let stopping = false;
  const onSignal = (/** @type {NodeJS.Signals} */ signal) => {
    const status = signal === 'SIGINT' ? 130 : 143;
    if (stopping) process.exit(status);
    stopping = true;
    process.stderr.write(`\nbench: ${signal}, stopping what was started\n`);
    void cleanup.runAll().finally(() => process.exit(status));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/**
 * Runs `work` with a cleanup stack that is emptied at its end, normal or not, and on SIGINT/SIGTERM.
 * @param {(cleanup: ReturnType<typeof createCleanupStack>) => Promise<void>} work
 */
export async function runWithCleanup(work) {
  const cleanup = createCleanupStack();
  stopOnSignals(cleanup);
  try {
    await work(cleanup);
  } finally {
    await cleanup.runAll();
  }
}
