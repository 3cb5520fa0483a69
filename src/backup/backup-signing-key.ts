import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId } from '../common/index.js';
import { systemJustification, type Binding, type KeyRing } from '../crypto/index.js';
import type { Database } from '../store/index.js';

const SIGNING_JUSTIFICATION = systemJustification('backup', 'backup-signing');

/**
 * The installation's backup signing key (Ed25519), made on first use. The private key is kept
 * sealed by the key ring under the operator's key, so it is unreadable without the root key; the
 * public key (PEM) is published in every backup's header and beside it as `FILE.pub`.
 */
export async function loadBackupSigningKey(db: Kysely<Database>, keyRing: KeyRing, now: Date): Promise<KeyObject> {
  let row = await db.selectFrom('backup_signing_keys').selectAll().orderBy('created_at').orderBy('id').executeTakeFirst();
  if (!row) {
    const id = newId('backupSigningKey');
    const pair = generateKeyPairSync('ed25519');
    const pkcs8 = pair.privateKey.export({ type: 'pkcs8', format: 'der' });
    try {
      const privateKeyEnc = await keyRing.seal(pkcs8, backupSigningKeyBinding(id), SIGNING_JUSTIFICATION);
      const publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      await db.insertInto('backup_signing_keys').values({ id, public_key: publicKey, private_key_enc: privateKeyEnc, created_at: now.toISOString() }).execute();
    } finally {
      pkcs8.fill(0);
    }
    row = await db.selectFrom('backup_signing_keys').selectAll().orderBy('created_at').orderBy('id').executeTakeFirstOrThrow();
  }
  const pkcs8 = await keyRing.open(row.private_key_enc, backupSigningKeyBinding(row.id), SIGNING_JUSTIFICATION);
  try {
    return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  } finally {
    pkcs8.fill(0);
  }
}

/** Where the backup signing key's private part is sealed: under the operator's key. */
export function backupSigningKeyBinding(id: string): Binding {
  return { tenant: 'operator', table: 'backup_signing_keys', column: 'private_key', row: id };
}
