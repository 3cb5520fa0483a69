import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ChildProcesses } from './child-processes.js';
import type { LoadGeneratorMessage, LoadOptions, LoadResult } from './load-types.js';
import { cpuUseBetween, NO_CPU_USE, sampleCpu, type CpuSample, type CpuUse } from './process-cpu.js';

/** The measured window on the monotonic clock in µs, the clock of V8's CPU profiles. */
export interface MeasuredWindow {
  readonly startMicros: number;
  readonly endMicros: number;
}

const LOAD_GENERATOR = fileURLToPath(new URL('../load-generator.ts', import.meta.url));

/**
 * Runs the load generator in its own Node process (forked with tsx) against a server whose pid
 * is `serverPid`, and measures the CPU both processes use during the measured window.
 */
export async function runLoad(
  children: ChildProcesses,
  options: LoadOptions,
  serverPid: number | undefined,
): Promise<{ result: LoadResult; cpu: CpuUse; window: MeasuredWindow }> {
  const child = children.fork(LOAD_GENERATOR, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const limitMs = (options.warmupSeconds + options.durationSeconds + options.timeoutSeconds + 30) * 1000;
  try {
    return await new Promise((resolve, reject) => {
      let start: CpuSample | undefined;
      let end: CpuSample | undefined;
      let startedAt = 0n;
      let endedAt = 0n;
      const timer = setTimeout(() => reject(new Error(`the load generator did not finish within ${limitMs / 1000} s`)), limitMs);
      child.on('message', (message: LoadGeneratorMessage) => {
        if (message.type === 'window-start') {
          start = sampleCpu(serverPid, child.pid);
          startedAt = process.hrtime.bigint();
        } else if (message.type === 'window-end') {
          end = sampleCpu(serverPid, child.pid);
          endedAt = process.hrtime.bigint();
        } else if (message.type === 'result') {
          clearTimeout(timer);
          const cpu =
            start && end
              ? cpuUseBetween(start, end, Number(endedAt - startedAt) / 1e9, availableParallelism())
              : NO_CPU_USE;
          resolve({ result: message.result, cpu, window: { startMicros: Number(startedAt / 1000n), endMicros: Number(endedAt / 1000n) } });
        } else {
          clearTimeout(timer);
          reject(new Error(`load generator: ${message.message}`));
        }
      });
      // 'close' comes after the IPC channel is drained, so a result sent just before exiting is not lost.
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the load generator exited without a result (${signal ?? `code ${code}`})`));
      });
      child.send({ type: 'run', options });
    });
  } finally {
    await children.stop(child, 'SIGTERM', 5_000);
  }
}
