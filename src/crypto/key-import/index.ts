/** BYOK: tenants wrap their own key material to the installation's RSA-OAEP public key. See docs/keys.md, "BYOK import". */
export { IMPORTED_KEY_BYTES, KEY_IMPORT_ALGORITHM, KEY_IMPORT_MODULUS_BITS, keyImportKeyBinding, keyImportLabel } from './key-import-algorithm.js';
export { generateKeyImportPair, type KeyImportPair } from './generate-key-import-pair.js';
export { wrapForImport } from './wrap-for-import.js';
export { unwrapImportedKey } from './unwrap-imported-key.js';
