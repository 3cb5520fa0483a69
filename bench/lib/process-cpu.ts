import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User and system CPU seconds a process has used so far (Linux /proc), or undefined when unknown. */
export function processCpuSeconds(pid: number | undefined): { user: number; system: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at state, field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / clockTicks(), system: Number(fields[12]) / clockTicks() };
  } catch {
    return undefined;
  }
}

/**
 * Busy, stolen (by the hypervisor) and total CPU seconds of the whole machine, summed over all
 * cores (Linux /proc/stat: user nice system idle iowait irq softirq steal …).
 */
export function machineCpuSeconds(): { busy: number; steal: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = ticks.reduce((sum, value) => sum + value, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return { busy: (total - idle) / clockTicks(), steal: (ticks[7] ?? 0) / clockTicks(), total: total / clockTicks() };
  } catch {
    return undefined;
  }
}

export interface CpuSample {
  readonly server: { user: number; system: number } | undefined;
  readonly loadGenerator: { user: number; system: number } | undefined;
  readonly machine: { busy: number; steal: number; total: number } | undefined;
}

export function sampleCpu(serverPid: number | undefined, loadGeneratorPid: number | undefined): CpuSample {
  return { server: processCpuSeconds(serverPid), loadGenerator: processCpuSeconds(loadGeneratorPid), machine: machineCpuSeconds() };
}

/**
 * CPU use over a window, in % of one core (server, load generator; above 100 % when helper
 * threads work too) and in % of all cores (the whole machine).
 */
export interface CpuUse {
  readonly serverPercentOfCore: number | null;
  /** The part of `serverPercentOfCore` spent in the kernel (system calls: sockets, fsync). */
  readonly serverSystemPercentOfCore: number | null;
  readonly loadGeneratorPercentOfCore: number | null;
  readonly machineBusyPercent: number | null;
  /** Time the hypervisor ran something else on our cores, in % of all cores. */
  readonly machineStealPercent: number | null;
  /**
   * Everything else that ran on the machine (other processes, the kernel's own threads, steal),
   * in % of one core: machine busy × cores − server − load generator. High means a noisy run.
   */
  readonly otherPercentOfCore: number | null;
}

export const NO_CPU_USE: CpuUse = {
  serverPercentOfCore: null,
  serverSystemPercentOfCore: null,
  loadGeneratorPercentOfCore: null,
  machineBusyPercent: null,
  machineStealPercent: null,
  otherPercentOfCore: null,
};

export function cpuUseBetween(start: CpuSample, end: CpuSample, wallSeconds: number, cores: number): CpuUse {
  const total = (times: { user: number; system: number } | undefined) => (times === undefined ? undefined : times.user + times.system);
  const percent = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? null : Math.round(((b - a) / wallSeconds) * 1000) / 10;
  const machineTotal = start.machine && end.machine ? end.machine.total - start.machine.total : 0;
  const machineShare = (pick: (sample: { busy: number; steal: number }) => number) =>
    start.machine && end.machine && machineTotal > 0 ? Math.round(((pick(end.machine) - pick(start.machine)) / machineTotal) * 1000) / 10 : null;
  const server = percent(total(start.server), total(end.server));
  const loadGenerator = percent(total(start.loadGenerator), total(end.loadGenerator));
  const machineBusy = machineShare((sample) => sample.busy);
  return {
    serverPercentOfCore: server,
    serverSystemPercentOfCore: percent(start.server?.system, end.server?.system),
    loadGeneratorPercentOfCore: loadGenerator,
    machineBusyPercent: machineBusy,
    machineStealPercent: machineShare((sample) => sample.steal),
    otherPercentOfCore:
      machineBusy === null || server === null || loadGenerator === null
        ? null
        : Math.max(0, Math.round((machineBusy * cores - server - loadGenerator) * 10) / 10),
  };
}

/**
 * Waits (at most `maxSeconds`) until the whole machine has used less than `limitPercentOfCore`
 * of one core for two consecutive seconds — on a shared machine, so a run starts quiet. Resolves
 * with the seconds waited and whether quiet was reached.
 */
export async function waitForQuietMachine(maxSeconds: number, limitPercentOfCore: number, cores: number): Promise<{ waited: number; quiet: boolean }> {
  const started = Date.now();
  let quietSeconds = 0;
  let previous = machineCpuSeconds();
  while ((Date.now() - started) / 1000 < maxSeconds) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const current = machineCpuSeconds();
    if (!previous || !current || current.total <= previous.total) return { waited: 0, quiet: false };
    const busyPercentOfCore = ((current.busy - previous.busy) / (current.total - previous.total)) * 100 * cores;
    previous = current;
    quietSeconds = busyPercentOfCore < limitPercentOfCore ? quietSeconds + 1 : 0;
    if (quietSeconds >= 2) return { waited: Math.round((Date.now() - started) / 1000), quiet: true };
  }
  return { waited: Math.round((Date.now() - started) / 1000), quiet: false };
}
