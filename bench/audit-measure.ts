import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { machineCpuSeconds } from './lib/process-cpu.js';

export interface Latency {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Nearest-rank percentiles of samples in milliseconds. */
export function latency(samplesMs: readonly number[]): Latency {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  return { count: sorted.length, p50Ms: round(rank(50), 3), p99Ms: round(rank(99), 3), maxMs: round(sorted.at(-1) ?? 0, 3) };
}

export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/**
 * Wall time and CPU of a phase, in % of one core: this process, and everything else on the machine
 * (other processes — including the PostgreSQL server in the PostgreSQL phases).
 */
export interface PhaseCost {
  readonly wallSeconds: number;
  readonly processCpuPercentOfCore: number;
  readonly otherCpuPercentOfCore: number | null;
}

export async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; cost: PhaseCost }> {
  const machineBefore = machineCpuSeconds();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const machineAfter = machineCpuSeconds();
  const processPercent = (100 * (cpu.user + cpu.system)) / 1e6 / wallSeconds;
  const machinePercent =
    machineBefore && machineAfter && machineAfter.total > machineBefore.total
      ? (100 * (machineAfter.busy - machineBefore.busy) * availableParallelism()) / (machineAfter.total - machineBefore.total)
      : null;
  return {
    value,
    cost: {
      wallSeconds: round(wallSeconds, 3),
      processCpuPercentOfCore: round(processPercent),
      otherCpuPercentOfCore: machinePercent === null ? null : round(Math.max(0, machinePercent - processPercent)),
    },
  };
}

/** Peak resident set and heap of this process, sampled every 100 ms. */
export class MemoryPeak {
  #rss = 0;
  #heap = 0;
  readonly #timer = setInterval(() => this.sample(), 100);

  sample(): void {
    const usage = process.memoryUsage();
    this.#rss = Math.max(this.#rss, usage.rss);
    this.#heap = Math.max(this.#heap, usage.heapUsed);
  }

  /** Peaks so far in MiB, and resets them. */
  take(): { peakRssMiB: number; peakHeapMiB: number } {
    this.sample();
    const peaks = { peakRssMiB: round(this.#rss / 2 ** 20), peakHeapMiB: round(this.#heap / 2 ** 20) };
    this.#rss = 0;
    this.#heap = 0;
    return peaks;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

/** How fast this filesystem makes a 4 KiB write durable (write + fdatasync), for `seconds`. */
export function fdatasyncProbe(directory: string, seconds: number): { syncsPerSecond: number; latency: Latency } {
  const path = join(directory, 'fdatasync-probe');
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(4096, 1);
  const samples: number[] = [];
  try {
    const deadline = performance.now() + seconds * 1000;
    while (performance.now() < deadline) {
      const started = performance.now();
      writeSync(fd, block, 0, block.length, 0);
      fdatasyncSync(fd);
      samples.push(performance.now() - started);
    }
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
  return { syncsPerSecond: round(samples.length / seconds), latency: latency(samples) };
}

/** A small seeded PRNG (mulberry32), so every run asks for the same proofs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
