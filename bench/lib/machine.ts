import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, release, totalmem } from 'node:os';

export interface MachineDescription {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly kernel: string;
  readonly memoryGiB: number;
  readonly commit: string | null;
  readonly workTreeDirty: boolean | null;
}

/** The facts a reader needs to compare figures between machines and revisions. */
export function describeMachine(repositoryRoot: string): MachineDescription {
  return {
    nproc: availableParallelism(),
    cpuModel: cpuModel(),
    node: process.version,
    kernel: release(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    commit: git(repositoryRoot, ['rev-parse', 'HEAD']),
    workTreeDirty: ((status) => (status === null ? null : status.length > 0))(git(repositoryRoot, ['status', '--porcelain'])),
  };
}

/** The mount under which `path` lives and its filesystem type, from /proc/mounts. */
export function filesystemOf(path: string): { mountPoint: string; type: string; device: string } | null {
  try {
    let best: { mountPoint: string; type: string; device: string } | null = null;
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [device, mountPoint, type] = line.split(' ');
      if (device === undefined || mountPoint === undefined || type === undefined) continue;
      const inside = path === mountPoint || path.startsWith(mountPoint.endsWith('/') ? mountPoint : `${mountPoint}/`);
      if (inside && (best === null || mountPoint.length >= best.mountPoint.length)) best = { mountPoint, type, device };
    }
    return best;
  } catch {
    return null;
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((each) => each.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function git(cwd: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}
