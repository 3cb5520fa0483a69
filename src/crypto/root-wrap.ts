import type { WrapContext } from './root-key-provider.js';
import { lengthPrefixed } from './length-prefixed.js';
import type { SecretKey } from './secret-key.js';
import { unwrapKey, wrapKey } from './wrap-key.js';

/** Associated data for a root wrap: binds the root key id, scope and version. */
function rootWrapContext(keyId: string, context: WrapContext): Buffer {
  return lengthPrefixed(['sealdesk/root-wrap/v1', keyId, context.scope, String(context.version)]);
}

/** Wraps a tenant key under an in-memory root key (AES-256-GCM, see `wrapKey`). */
export function rootWrap(rootKey: SecretKey, keyId: string, key: Uint8Array, context: WrapContext): Buffer {
  return wrapKey(rootKey, key, rootWrapContext(keyId, context));
}

/** Reverses `rootWrap`; throws `key_unavailable` on any mismatch or tampering. */
export function rootUnwrap(rootKey: SecretKey, keyId: string, wrapped: Uint8Array, context: WrapContext): Buffer {
  return unwrapKey(rootKey, wrapped, rootWrapContext(keyId, context));
}
