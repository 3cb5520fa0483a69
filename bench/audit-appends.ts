import type { VerifiableAuditLog } from '../src/audit/index.js';
import { benchEvent } from './audit-events.js';
import { latency, round, timed, type Latency, type PhaseCost } from './audit-measure.js';

export interface AppendRun {
  readonly appenders: number;
  readonly logs: number;
  readonly appends: number;
  readonly appendsPerSecond: number;
  readonly latency: Latency;
  readonly cost: PhaseCost;
}

/**
 * Durable appends through `VerifiableAuditLog.append` (each resolves once committed) for `seconds`:
 * `appenders` concurrent loops, appender i writing to `logIds[i % logIds.length]`.
 */
export async function measureAppends(audit: VerifiableAuditLog, logIds: readonly string[], appenders: number, seconds: number): Promise<AppendRun> {
  const samples: number[] = [];
  let counter = 0;
  const { cost } = await timed(async () => {
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: appenders }, async (_, i) => {
        const logId = logIds[i % logIds.length]!;
        while (performance.now() < deadline) {
          const event = { ...benchEvent(logId, counter++), time: new Date().toISOString() };
          const started = performance.now();
          await audit.append(logId, event);
          samples.push(performance.now() - started);
        }
      }),
    );
  });
  return {
    appenders,
    logs: Math.min(appenders, logIds.length),
    appends: samples.length,
    appendsPerSecond: round(samples.length / cost.wallSeconds),
    latency: latency(samples),
    cost,
  };
}
