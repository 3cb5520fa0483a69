import { randomBytes } from 'node:crypto';
import { SealdeskError } from '../../errors/index.js';
import { CK } from './pkcs11-constants.js';
import { checkRootKeyObject, findByLabel, generationFailed, pkcs11KeyId, rootKeyTemplate } from './pkcs11-key-object.js';
import { Pkcs11RootKeyProvider } from './pkcs11-root-key-provider.js';
import { checkPkcs11Settings, type Pkcs11Settings } from './pkcs11-settings.js';
import { asKeyUnavailable, openTokenSession } from './pkcs11-token-session.js';

/**
 * Generates a new root key on the token: AES-256 (CKM_AES_KEY_GEN), a token object that is
 * private, sensitive and never extractable, labelled `settings.keyLabel` with a random 16-byte
 * `CKA_ID`. Refuses with `already_initialised` if any object on the token carries that label;
 * bad settings throw `config_invalid`, an unreachable library, token or PIN `key_unavailable`.
 */
export async function createPkcs11RootKey(settings: Pkcs11Settings): Promise<Pkcs11RootKeyProvider> {
  checkPkcs11Settings(settings);
  const token = await openTokenSession(settings, { readWrite: true });
  try {
    if (findByLabel(token, settings.keyLabel).length > 0) {
      throw new SealdeskError('already_initialised', {
        userMessage: `${token.tokenName} already holds an object labelled "${settings.keyLabel}"; choose another key label.`,
      });
    }
    const id = randomBytes(16);
    let key: Buffer;
    try {
      key = token.module.C_GenerateKey(token.session, { mechanism: CK.CKM_AES_KEY_GEN }, rootKeyTemplate(settings.keyLabel, id));
    } catch (error) {
      throw generationFailed(token, error);
    }
    checkRootKeyObject(token, key, settings.keyLabel);
    return new Pkcs11RootKeyProvider(token, key, pkcs11KeyId(id), true);
  } catch (error) {
    token.close();
    throw asKeyUnavailable(error, token.tokenName);
  }
}
