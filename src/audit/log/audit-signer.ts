import { webcrypto } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AUDIT_SIGNING_PURPOSE, systemJustification, type Binding, type KeyRing } from '../../crypto/index.js';
import type { Database } from '../../store/index.js';
import { Ed25519NoteSigner } from '../checkpoint/index.js';

/** The checkpoint origin and key name of a log: `sealdesk/audit/<log id>`. */
/** The log signs its own checkpoints; the key layer does not record these unwraps in the log they sign. */
const SIGNING_JUSTIFICATION = systemJustification('audit', AUDIT_SIGNING_PURPOSE);

export function logOrigin(logId: string): string {
  return `sealdesk/audit/${logId}`;
}

/** Where a log's checkpoint-signing private key is sealed: under the log's own scope key. */
export const auditSigningKeyBinding = (logId: string): Binding => ({ tenant: logId, table: 'audit_signing_keys', column: 'private_key', row: logId });

/**
 * Loads a log's Ed25519 checkpoint signer, creating its key pair on first use. The private key is
 * stored sealed under the log's own scope key (the tenant's, or the operator's), so it lives under
 * the key hierarchy and is unreadable without the root key.
 */
export async function loadAuditSigner(db: Kysely<Database>, keyRing: KeyRing, logId: string, now: Date): Promise<Ed25519NoteSigner> {
  const binding = auditSigningKeyBinding(logId);
  let row = await db.selectFrom('audit_signing_keys').selectAll().where('log_id', '=', logId).executeTakeFirst();
  if (!row) {
    const pair = (await webcrypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
    const publicKey = Buffer.from(await webcrypto.subtle.exportKey('raw', pair.publicKey));
    const privateKeyEnc = await keyRing.seal(pkcs8, binding, SIGNING_JUSTIFICATION);
    pkcs8.fill(0);
    await db
      .insertInto('audit_signing_keys')
      .values({ log_id: logId, public_key: publicKey, private_key_enc: privateKeyEnc, created_at: now.toISOString() })
      .onConflict((oc) => oc.column('log_id').doNothing())
      .execute();
    row = await db.selectFrom('audit_signing_keys').selectAll().where('log_id', '=', logId).executeTakeFirstOrThrow();
  }
  const pkcs8 = await keyRing.open(row.private_key_enc, binding, SIGNING_JUSTIFICATION);
  try {
    const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
    const publicKey = await webcrypto.subtle.importKey('raw', row.public_key, { name: 'Ed25519' }, true, ['verify']);
    return await Ed25519NoteSigner.create(logOrigin(logId), { privateKey, publicKey });
  } finally {
    pkcs8.fill(0);
  }
}
