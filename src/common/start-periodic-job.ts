/** A background job started by `serve`; `stop` waits for a pass in progress. */
export interface PeriodicJob {
  /** Starts a pass now, unless one is running. */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `intervalMs` (and at once when `runNow`), never two passes at a time: a tick
 * that finds a pass still running is skipped. Failures go to `onError`; the job keeps going.
 * `stop` aborts the signal each pass is given, then waits for the pass in progress.
 */
export function startPeriodicJob(
  pass: (signal: AbortSignal) => Promise<unknown>,
  onError: (error: unknown) => void,
  intervalMs: number,
  options: { readonly runNow?: boolean } = {},
): PeriodicJob {
  let running: Promise<void> | undefined;
  const stopping = new AbortController();
  const tick = () => {
    running ??= pass(stopping.signal)
      .then(() => undefined, onError)
      .finally(() => {
        running = undefined;
      });
  };
  if (options.runNow) tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    wake: tick,
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
