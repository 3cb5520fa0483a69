import type { AlertDeliveryDeps } from './alert-delivery-deps.js';
import { deliverDueAlerts, type DeliveryReport } from './deliver-due-alerts.js';

/** The slice of a pino logger the worker writes to: ids and codes only. */
export interface AlertDeliveryLogger {
  warn(facts: object, message: string): void;
  error(facts: object, message: string): void;
}

export interface AlertDeliveryOptions {
  /** Pause between passes when there is nothing more to send. Default 5 s. */
  readonly intervalMs?: number;
  readonly batchSize?: number;
  readonly logger: AlertDeliveryLogger;
}

export interface AlertDeliveryWorker {
  /** Stops scheduling passes and resolves once the pass in flight (if any) has finished. */
  stop(): Promise<void>;
}

const DEFAULT_INTERVAL_MS = 5_000;
const DEFAULT_BATCH_SIZE = 20;

/**
 * Runs `deliverDueAlerts` in the background: a pass now, then again at once while passes come back
 * full, otherwise after `intervalMs`. Logs every failed attempt (alert id, destination id, error
 * code) and any pass that throws, and keeps going.
 */
export function startAlertDelivery(deps: AlertDeliveryDeps, options: AlertDeliveryOptions): AlertDeliveryWorker {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const pass = async (): Promise<void> => {
    let full = false;
    try {
      const reports = await deliverDueAlerts(deps, deps.clock.now(), { batchSize });
      reports.filter((report) => report.error !== null).forEach((report) => logFailure(options.logger, report));
      full = reports.length === batchSize;
    } catch (error) {
      options.logger.error({ errorType: (error as Error).name }, 'alert delivery pass failed');
    }
    if (!stopped) timer = setTimeout(run, full ? 0 : (options.intervalMs ?? DEFAULT_INTERVAL_MS));
  };
  const run = (): void => {
    inFlight = pass();
  };

  run();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}

function logFailure(logger: AlertDeliveryLogger, report: DeliveryReport): void {
  const facts = { alertId: report.alertId, destinationId: report.destinationId, attempts: report.attempts, error: report.error };
  logger.warn(facts, report.status === 'failed' ? 'alert delivery failed for good' : 'alert delivery failed; will retry');
}
