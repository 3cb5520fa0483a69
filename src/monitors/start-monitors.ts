import { startPeriodicJob, type PeriodicJob } from '../common/index.js';
import { runMonitors, type MonitorDeps } from './run-monitors.js';

/** Runs a monitor pass every `intervalMs` (default 10 s) until stopped. */
export function startMonitors(deps: MonitorDeps, onError: (error: unknown) => void, intervalMs = 10_000): PeriodicJob {
  return startPeriodicJob(() => runMonitors(deps), onError, intervalMs);
}
