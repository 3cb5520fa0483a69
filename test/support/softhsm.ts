import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';

/** Where Debian's and other common builds put SoftHSM2's PKCS#11 library. */
const MODULE_CANDIDATES = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
];

/** A SoftHSM2 token made for one test run, in a temporary token directory. */
export interface SoftHsmToken {
  readonly module: string;
  readonly label: string;
  readonly pin: string;
  readonly soPin: string;
  /** The `SOFTHSM2_CONF` a child process needs to see this token. */
  readonly env: { readonly SOFTHSM2_CONF: string };
}

/**
 * Whether SoftHSM2 (softhsm2-util and its library) is installed. When it is not, tests that need
 * it skip with a visible warning, unless `SEALDESK_REQUIRE_SOFTHSM=1` (CI), which makes the missing
 * install an error. `SEALDESK_SOFTHSM_MODULE` names a library elsewhere.
 */
export const SOFTHSM: { available: true; module: string } | { available: false; reason: string } = detect();

if (!SOFTHSM.available) {
  if (process.env.SEALDESK_REQUIRE_SOFTHSM === '1') {
    throw new Error(`SEALDESK_REQUIRE_SOFTHSM=1 but ${SOFTHSM.reason} (apt-get install -y softhsm2)`);
  }
  console.warn(`\n  ⚠ Skipping the PKCS#11 tests: ${SOFTHSM.reason}. Install it with: apt-get install -y softhsm2\n`);
}

/** When SoftHSM2 is missing, shows `title` as a suite with one skipped test that says why. */
export function showSkippedWithoutSoftHsm(title: string): void {
  if (!SOFTHSM.available) {
    const { reason } = SOFTHSM;
    describe(title, () => {
      it.skip(`needs SoftHSM2: ${reason}`, () => {});
    });
  }
}

let configuration: Promise<{ directory: string; conf: string; tokenDir: string }> | undefined;
let tokens = 0;

/**
 * Initialises a new token (`softhsm2-util --init-token --free`) in this process's temporary
 * SoftHSM2 configuration, which it points `SOFTHSM2_CONF` at. SoftHSM2 reads its token directory
 * when the library is initialised, so make the tokens a test file needs before opening any
 * provider on them. `removeSoftHsmTokens()` deletes them all.
 */
export async function createSoftHsmToken(label = `sealdesk-test-${tokens}`): Promise<SoftHsmToken> {
  if (!SOFTHSM.available) throw new Error(SOFTHSM.reason);
  tokens += 1;
  configuration ??= writeConfiguration();
  const { conf } = await configuration;
  process.env.SOFTHSM2_CONF = conf;
  const pin = '7391-pin-4420';
  const soPin = '1048-so-9321';
  const result = spawnSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', soPin, '--pin', pin], {
    env: { ...process.env, SOFTHSM2_CONF: conf },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.status !== 0) throw new Error(`softhsm2-util --init-token failed: ${result.stderr || result.error?.message}`);
  return { module: SOFTHSM.module, label, pin, soPin, env: { SOFTHSM2_CONF: conf } };
}

/** Deletes the temporary configuration and every token `createSoftHsmToken` made. */
export async function removeSoftHsmTokens(): Promise<void> {
  if (configuration === undefined) return;
  const { directory } = await configuration;
  configuration = undefined;
  await rm(directory, { recursive: true, force: true });
}

async function writeConfiguration(): Promise<{ directory: string; conf: string; tokenDir: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'sealdesk-softhsm-'));
  const tokenDir = join(directory, 'tokens');
  await mkdir(tokenDir, { mode: 0o700 });
  const conf = join(directory, 'softhsm2.conf');
  await writeFile(
    conf,
    [`directories.tokendir = ${tokenDir}`, 'objectstore.backend = file', 'log.level = ERROR', 'slots.removable = false', ''].join('\n'),
  );
  return { directory, conf, tokenDir };
}

function detect(): typeof SOFTHSM {
  const util = spawnSync('softhsm2-util', ['--version'], { encoding: 'utf8' });
  if (util.error !== undefined || util.status !== 0) return { available: false, reason: 'softhsm2-util is not installed' };
  const wanted = process.env.SEALDESK_SOFTHSM_MODULE;
  const module = wanted ?? MODULE_CANDIDATES.find((candidate) => existsSync(candidate));
  if (module === undefined || !existsSync(module)) {
    return { available: false, reason: `SoftHSM2's library is not at ${wanted ?? MODULE_CANDIDATES.join(' or ')}` };
  }
  return { available: true, module };
}

/** Provider settings for a key labelled `keyLabel` on `token`. */
export function softHsmSettings(token: SoftHsmToken, keyLabel: string, pin = token.pin) {
  return { module: token.module, token: { label: token.label }, pin, keyLabel };
}
