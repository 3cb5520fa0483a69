import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether the `openssl` command is on this machine (the BYOK recipe's tests skip without it). */
export const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
})();

/**
 * docs/keys.md's BYOK recipe, run as written: `openssl rand` makes a 32-byte key and
 * `openssl pkeyutl -encrypt` wraps it with RSA-OAEP (SHA-256, MGF1-SHA-256) and the label (hex).
 */
export async function opensslWrapForImport(publicKeyPem: string, labelHex: string): Promise<{ key: Buffer; wrapped: Buffer }> {
  const dir = await mkdtemp(join(tmpdir(), 'sealdesk-byok-'));
  try {
    await writeFile(join(dir, 'wrapping.pem'), publicKeyPem);
    execFileSync('openssl', ['rand', '-out', join(dir, 'tenant.key'), '32']);
    execFileSync('openssl', [
      'pkeyutl', '-encrypt', '-pubin', '-inkey', join(dir, 'wrapping.pem'), '-in', join(dir, 'tenant.key'), '-out', join(dir, 'wrapped.bin'),
      '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256', '-pkeyopt', `rsa_oaep_label:${labelHex}`,
    ]);
    return { key: await readFile(join(dir, 'tenant.key')), wrapped: await readFile(join(dir, 'wrapped.bin')) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
