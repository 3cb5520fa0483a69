import type { Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { keyImportLabel, unwrapImportedKey } from '../crypto/index.js';
import { SealdeskError } from '../errors/index.js';
import { startTenantKeyReplacement } from '../key-rotation/index.js';
import { findKeyImportKey, findKeyImportToken, useKeyImportToken } from '../store/index.js';
import { admitKeyReplacement } from './admit-key-replacement.js';
import { loadTenantKeyStatus } from './get-tenant-key-status.js';
import type { KeyDeps } from './key-deps.js';
import { openKeyImportPrivateKey } from './key-import-key.js';
import type { TenantKeyReplaced } from './tenant-key-status.js';

export interface KeyImportInput {
  /** The `importToken` of the import parameters the key was wrapped with. */
  readonly importToken: string;
  /** The RSA-OAEP-256 ciphertext of the 32-byte key, base64 (standard alphabet, padded). */
  readonly wrappedKey: string;
  /** The approved `key-provider-change` request (`acr_…`) for an import, the caller's own; its ticket is the import's. */
  readonly approval: string;
}

/**
 * BYOK, step 2 (owner or security officer, `key.replace`: holding `input.approval`, a request for
 * an import that two people approved, see `admitKeyReplacement`), recorded as `key.imported` (the
 * version it will be, the token, the rotation) before anything is opened. The import that succeeds
 * ends the approval; a refused one leaves it for another try. The wrapped key is
 * opened with the installation's private key and the token's label; it must be 32 bytes. It then
 * becomes the tenant's new key version, origin `imported`, through a tenant-level rotation
 * (`startTenantKeyReplacement`) whose job re-wraps every data key under it and re-seals every
 * value under a new content key — in `serve`'s rotation job, or `sealdesk keys rotate`.
 *
 * Refused with `invalid_key_import`, nothing changed and the token still unused, when the
 * wrapped key is not base64 or does not open (another public key, tenant or token, any changed
 * byte, not 32 bytes), and when the token is not the tenant's, used or expired; each refusal is
 * recorded as `key.import-rejected`. `conflict` while a rotation of the tenant's keys runs;
 * `key_unavailable` while its key is disabled.
 */
export async function importTenantKey(deps: KeyDeps, principal: Principal, request: RequestContext, tenantId: string, input: KeyImportInput): Promise<TenantKeyReplaced> {
  const { planned, rotation, decision, spendApproval, recordRefusal } = await admitKeyReplacement(
    deps,
    principal,
    request,
    tenantId,
    { action: 'key.imported', details: { token: input.importToken } },
    { id: input.approval, change: { kind: 'import' } },
    'importing a new one',
  );
  let material: Buffer | undefined;
  try {
    material = await openImport(deps, tenantId, input);
    const started = await startTenantKeyReplacement(deps, {
      id: rotation,
      scope: tenantId,
      requestedBy: principal.id,
      material,
      justification: decision.justification,
      beforeKeys: async (version) => {
        if (version !== planned) throw new SealdeskError('conflict', { userMessage: "The tenant's key changed meanwhile; fetch new import parameters and try again." });
        if (!(await useKeyImportToken(deps.db, tenantId, input.importToken, deps.clock.now().toISOString(), version))) throw refused('This import token has been used already; fetch new import parameters.');
        await spendApproval();
      },
    });
    deps.keyRotationRequested?.();
    return { version: planned, rotation: { id: started.id, status: started.status, phase: started.phase }, key: await loadTenantKeyStatus(deps, tenantId) };
  } catch (error) {
    await recordRefusal(error, { code: 'invalid_key_import', action: 'key.import-rejected', rule: 'invalid-key-import', details: { token: input.importToken } });
    throw error;
  } finally {
    material?.fill(0);
  }
}

/** The token checked and the wrapped key opened: the tenant's 32 bytes (zero them after). */
async function openImport(deps: KeyDeps, tenantId: string, input: KeyImportInput): Promise<Buffer> {
  const wrapped = decodeBase64(input.wrappedKey);
  const token = await findKeyImportToken(deps.db, tenantId, input.importToken);
  if (token === undefined) throw refused("This import token is not one of this tenant's; fetch new import parameters.");
  if (token.used_at !== null) throw refused('This import token has been used already; fetch new import parameters.');
  if (token.expires_at <= deps.clock.now().toISOString()) throw refused('This import token has expired; fetch new import parameters.');
  const key = await findKeyImportKey(deps.db, token.import_key_id);
  if (key === undefined) throw new SealdeskError('internal', { detail: `import key ${token.import_key_id} is missing` });
  const privateKey = await openKeyImportPrivateKey(deps, key);
  try {
    return unwrapImportedKey(privateKey, wrapped, keyImportLabel(tenantId, token.id));
  } finally {
    privateKey.fill(0);
  }
}

/** Standard base64 with padding, and nothing else (whitespace included). */
function decodeBase64(text: string): Buffer {
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw refused('wrappedKey is not base64.');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw refused('wrappedKey is not base64.');
  return bytes;
}

function refused(userMessage: string): SealdeskError {
  return new SealdeskError('invalid_key_import', { userMessage });
}
