import { runMonitors, type MonitorDeps } from './run-monitors.js';

/** Runs a monitor pass every `intervalMs` (default 10 s); a tick is skipped while a pass still runs. */
export function startMonitors(deps: MonitorDeps, onError: (error: unknown) => void, intervalMs = 10_000): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= runMonitors(deps)
      .then(() => undefined, onError)
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
