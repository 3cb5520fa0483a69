/**
 * A second process for the PKCS#11 tests: opens the root key named by SEALDESK_TEST_PKCS11 (JSON
 * settings without the PIN) with the PIN from SEALDESK_PKCS11_PIN, unwraps the hex blob given as
 * the first argument for scope 'ten_a' version 1, and prints JSON: the SHA-256 of the key it
 * recovered and that key re-wrapped for version 2.
 */
import { createHash } from 'node:crypto';
import { openPkcs11RootKey } from '../../src/crypto/index.js';

const settings = JSON.parse(process.env.SEALDESK_TEST_PKCS11 ?? '{}');
const provider = await openPkcs11RootKey({ ...settings, pin: process.env.SEALDESK_PKCS11_PIN ?? '' });
try {
  const key = await provider.unwrap(Buffer.from(process.argv[2] ?? '', 'hex'), { scope: 'ten_a', version: 1 });
  const rewrapped = await provider.wrap(key, { scope: 'ten_a', version: 2 });
  process.stdout.write(
    `${JSON.stringify({ keyId: provider.keyId, sha256: createHash('sha256').update(key).digest('hex'), rewrapped: rewrapped.toString('hex') })}\n`,
  );
} finally {
  await provider.close();
}
