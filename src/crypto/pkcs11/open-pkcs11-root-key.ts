import { CK } from './pkcs11-constants.js';
import { checkRootKeyObject, findByLabel, pkcs11KeyId } from './pkcs11-key-object.js';
import { Pkcs11RootKeyProvider } from './pkcs11-root-key-provider.js';
import { checkPkcs11Settings, type Pkcs11Settings } from './pkcs11-settings.js';
import { asKeyUnavailable, openTokenSession, unavailable } from './pkcs11-token-session.js';

/**
 * Opens the root key labelled `settings.keyLabel` on the token: loads the library, logs in with
 * the PIN and keeps that one session until `close()`. Fails closed with `key_unavailable` and a
 * message naming the cause if the library cannot be loaded, the token is absent, the PIN is
 * refused, no key or more than one carries the label, or the key is not a sensitive,
 * never-extractable AES-256 key allowed to encrypt and decrypt.
 */
export async function openPkcs11RootKey(settings: Pkcs11Settings): Promise<Pkcs11RootKeyProvider> {
  checkPkcs11Settings(settings);
  const token = await openTokenSession(settings, { readWrite: false });
  try {
    const keys = findByLabel(token, settings.keyLabel, [{ type: CK.CKA_CLASS, value: CK.CKO_SECRET_KEY }]);
    if (keys.length === 0) throw unavailable(`No key labelled "${settings.keyLabel}" on PKCS#11 ${token.tokenName}.`);
    if (keys.length > 1) throw unavailable(`More than one key is labelled "${settings.keyLabel}" on PKCS#11 ${token.tokenName}.`);
    const key = keys[0]!;
    const id = checkRootKeyObject(token, key, settings.keyLabel);
    return new Pkcs11RootKeyProvider(token, key, pkcs11KeyId(id), false);
  } catch (error) {
    token.close();
    throw asKeyUnavailable(error, token.tokenName);
  }
}
