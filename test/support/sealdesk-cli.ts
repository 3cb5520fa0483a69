import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Runs `sealdesk ARGS` from the source tree in a child process, without blocking this one (which
 * may serve the API the CLI talks to, or the data directory it opens).
 */
export function sealdesk(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env, timeout: 90_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** This process's environment with `settings` added (those given as undefined left out), e.g. `{SEALDESK_DATABASE_URL: url}`. */
export function envWith(settings: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  return { ...process.env, ...Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) };
}
