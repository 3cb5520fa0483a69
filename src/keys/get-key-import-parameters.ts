import { enforce, type Principal } from '../access/index.js';
import { newId, type RequestContext } from '../common/index.js';
import { IMPORTED_KEY_BYTES, KEY_IMPORT_ALGORITHM, KEY_IMPORT_MODULUS_BITS, keyImportLabel } from '../crypto/index.js';
import { SealdeskError } from '../errors/index.js';
import { findTenant, insertKeyImportToken } from '../store/index.js';
import type { KeyDeps } from './key-deps.js';
import { ensureKeyImportKey } from './key-import-key.js';
import type { KeyImportParameters } from './key-import-parameters.js';

/** How long an import token may be used: a day, time enough to wrap the key offline. */
export const KEY_IMPORT_TOKEN_TTL_MS = 24 * 60 * 60_000;

/**
 * BYOK, step 1 (owner or security officer, `key.import`): a new import token for the tenant and
 * the installation's RSA-OAEP public key, recorded as `key.import-token-issued`. The token is
 * bound into the OAEP label, so what is wrapped with these parameters opens only for this
 * tenant, this token, once, before `expiresAt`.
 */
export async function getKeyImportParameters(deps: KeyDeps, principal: Principal, request: RequestContext, tenantId: string): Promise<KeyImportParameters> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  const token = newId('keyImportToken');
  await enforce(deps, { principal, action: 'key.import', resource: { tenantId }, request, audit: { action: 'key.import-token-issued', details: { token } } });
  const key = await ensureKeyImportKey(deps);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + KEY_IMPORT_TOKEN_TTL_MS).toISOString();
  await insertKeyImportToken(deps.db, {
    id: token,
    tenant_id: tenantId,
    import_key_id: key.id,
    created_by: principal.id,
    created_at: now.toISOString(),
    expires_at: expiresAt,
    used_at: null,
    used_version: null,
  });
  const label = keyImportLabel(tenantId, token);
  return {
    tenantId,
    importToken: token,
    expiresAt,
    algorithm: KEY_IMPORT_ALGORITHM,
    oaep: { hash: 'SHA-256', mgf: 'MGF1-SHA-256', label: label.toString('utf8'), labelHex: label.toString('hex') },
    wrappingKey: { id: key.id, publicKey: key.public_key, modulusBits: KEY_IMPORT_MODULUS_BITS },
    keyMaterial: { spec: 'AES-256', bytes: IMPORTED_KEY_BYTES },
  };
}
