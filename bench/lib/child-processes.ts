import { fork, spawn, type ChildProcess, type ForkOptions, type SpawnOptions } from 'node:child_process';

/**
 * Every process the benchmark starts, so that all of them are stopped on success, on failure
 * and on Ctrl-C. `stop` asks politely (SIGTERM, or SIGINT where a server writes its CPU profile
 * on a clean exit) and kills after a grace period; `killAllSync` is the last resort on exit.
 */
export class ChildProcesses {
  readonly #children = new Set<ChildProcess>();

  spawn(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
    return this.#track(spawn(command, args, options));
  }

  fork(modulePath: string, args: readonly string[], options: ForkOptions): ChildProcess {
    return this.#track(fork(modulePath, args, options));
  }

  /** Resolves once the child has exited; SIGKILL after `graceMs`. */
  async stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    if (hasExited(child)) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#children].map((child) => this.stop(child)));
  }

  killAllSync(): void {
    for (const child of this.#children) if (!hasExited(child)) child.kill('SIGKILL');
  }

  #track(child: ChildProcess): ChildProcess {
    this.#children.add(child);
    child.once('exit', () => this.#children.delete(child));
    return child;
  }
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}
