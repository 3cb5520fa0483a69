import { openPkcs11RootKey, type Pkcs11Settings } from '../../crypto/index.js';
import { SealdeskError } from '../../errors/index.js';
import { probe } from './customer-key-wrappers.js';

/**
 * Opens the key `settings` names on the tenant's token, checks it is fit (a sensitive,
 * never-extractable AES-256 key allowed to encrypt and decrypt, the only one with its label) and
 * that it wraps and unwraps, then closes it. Returns its key id (`pkcs11-<CKA_ID hex>`).
 * Anything wrong is `customer_key_refused`, with the token's reason.
 */
export async function checkCustomerKey(settings: Pkcs11Settings, tenantId: string): Promise<string> {
  let provider;
  try {
    provider = await openPkcs11RootKey(settings);
  } catch (error) {
    throw refused(error instanceof SealdeskError ? error.userMessage : 'The token could not be opened.', error);
  }
  try {
    await probe(provider, tenantId);
    return provider.keyId;
  } catch (error) {
    throw refused(`The key "${settings.keyLabel}" did not wrap and unwrap a test key on the token.`, error);
  } finally {
    await provider.close();
  }
}

function refused(userMessage: string, cause: unknown): SealdeskError {
  return new SealdeskError('customer_key_refused', { userMessage, cause });
}
