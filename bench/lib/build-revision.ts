import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Exports the committed tree of `revision` (`git archive`, so the work tree and its uncommitted
 * edits are untouched) into `into`, links the repository's node_modules and compiles it with
 * tsconfig.build.json. Returns the directory holding bin/sealdesk.js and dist/, and the commit.
 */
export async function buildRevision(repositoryRoot: string, revision: string, into: string): Promise<{ root: string; commit: string }> {
  const { stdout } = await run('git', ['rev-parse', '--verify', `${revision}^{commit}`], { cwd: repositoryRoot });
  const commit = stdout.trim();
  const root = join(into, `sealdesk-${commit.slice(0, 12)}`);
  mkdirSync(root, { recursive: true });
  const archive = join(into, `sealdesk-${commit.slice(0, 12)}.tar`);
  await run('git', ['archive', '--format=tar', '-o', archive, commit], { cwd: repositoryRoot, timeout: 60_000 });
  await run('tar', ['-xf', archive, '-C', root], { timeout: 60_000 });
  symlinkSync(join(repositoryRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  try {
    await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, timeout: 300_000 });
  } catch (error) {
    const output = (error as { stdout?: string }).stdout ?? '';
    throw new Error(`building ${commit.slice(0, 12)} failed:\n${output.split('\n').slice(0, 20).join('\n')}`);
  }
  if (!existsSync(join(root, 'dist/cli/main.js'))) throw new Error(`building ${commit.slice(0, 12)} produced no dist/cli/main.js`);
  return { root, commit };
}
