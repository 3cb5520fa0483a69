import type { Binding } from '../binding.js';

/**
 * BYOK's wrapping: RSAES-OAEP (RFC 8017 §7.1) with SHA-256 and MGF1-SHA-256, the name JOSE gives
 * it (RFC 7518 §4.3). The label binds a wrapped key to one tenant and one import token.
 */
export const KEY_IMPORT_ALGORITHM = 'RSA-OAEP-256';

/** The installation's import wrapping key: RSA with a 3072-bit modulus (NIST SP 800-57 Part 1: 128-bit security). */
export const KEY_IMPORT_MODULUS_BITS = 3072;

/** What a tenant imports: 32 random bytes, an AES-256 key. */
export const IMPORTED_KEY_BYTES = 32;

/**
 * The OAEP label of an import: `sealdesk/byok/v1/<tenant id>/<import token id>`, as UTF-8. A blob
 * wrapped for another tenant or another token does not open (RFC 8017 §7.1.2 step 3g).
 */
export function keyImportLabel(tenantId: string, tokenId: string): Buffer {
  return Buffer.from(`sealdesk/byok/v1/${tenantId}/${tokenId}`, 'utf8');
}

/** Where an import wrapping key's private part (PKCS#8 DER) is sealed: under the operator's key. */
export function keyImportKeyBinding(id: string): Binding {
  return { tenant: 'operator', table: 'key_import_keys', column: 'private_key', row: id };
}
