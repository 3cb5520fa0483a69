import { newId } from '../common/index.js';
import { generateKeyImportPair, keyImportKeyBinding, systemJustification } from '../crypto/index.js';
import { findLatestKeyImportKey, insertKeyImportKey, type KeyImportKeyRow } from '../store/index.js';
import type { KeyDeps } from './key-deps.js';

/** The key ring's justification for sealing and opening the import key's private part (operator scope). */
export const KEY_IMPORT_JUSTIFICATION = systemJustification('keys', 'key-import');

/**
 * The installation's BYOK wrapping key, made on first use: an RSA-3072 pair whose public key
 * (SPKI PEM) is published in every tenant's import parameters and whose private key (PKCS#8) is
 * kept only sealed by the key ring under the operator's key — so under the root key provider,
 * never in the clear on disk or in the database. An installation from before BYOK gets one the
 * first time a tenant asks for import parameters. Two first requests at once may make two; each
 * import token names the one it is for, so both work.
 */
export async function ensureKeyImportKey(deps: KeyDeps): Promise<KeyImportKeyRow> {
  const existing = await findLatestKeyImportKey(deps.db);
  if (existing !== undefined) return existing;
  const pair = await generateKeyImportPair();
  try {
    const row: KeyImportKeyRow = {
      id: newId('keyImportKey'),
      public_key: pair.publicKeyPem,
      private_key_enc: Buffer.alloc(0),
      created_at: deps.clock.now().toISOString(),
    };
    const sealed = { ...row, private_key_enc: await deps.keyRing.seal(pair.privateKeyDer, keyImportKeyBinding(row.id), KEY_IMPORT_JUSTIFICATION) };
    await insertKeyImportKey(deps.db, sealed);
    return sealed;
  } finally {
    pair.privateKeyDer.fill(0);
  }
}

/** The import key's private part (PKCS#8 DER), opened from its seal; zero it after use. */
export async function openKeyImportPrivateKey(deps: KeyDeps, row: KeyImportKeyRow): Promise<Buffer> {
  return deps.keyRing.open(row.private_key_enc, keyImportKeyBinding(row.id), KEY_IMPORT_JUSTIFICATION);
}
