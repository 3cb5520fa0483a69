import { randomBytes } from 'node:crypto';
import { CK } from '../../src/crypto/pkcs11/pkcs11-constants.js';
import { findByLabel, rootKeyTemplate } from '../../src/crypto/pkcs11/pkcs11-key-object.js';
import { openTokenSession, type TokenSession } from '../../src/crypto/pkcs11/pkcs11-token-session.js';
import type { SoftHsmToken } from './softhsm.js';

/**
 * What a tenant's HSM administrator does on the tenant's own token, through PKCS#11 as any tool
 * would: make keys, withdraw or restore a key's use, delete it.
 */
export class TenantTokenAdmin {
  readonly #token: SoftHsmToken;

  constructor(token: SoftHsmToken) {
    this.#token = token;
  }

  /** A new AES-256 key labelled `label`: sensitive and never extractable unless `extractable`. */
  async generateKey(label: string, options: { extractable?: boolean } = {}): Promise<void> {
    await this.#withSession((token) => {
      const template = rootKeyTemplate(label, randomBytes(16)).map((attribute) =>
        attribute.type === CK.CKA_EXTRACTABLE ? { type: CK.CKA_EXTRACTABLE, value: options.extractable === true } : attribute,
      );
      token.module.C_GenerateKey(token.session, { mechanism: CK.CKM_AES_KEY_GEN }, template);
    });
  }

  /** Allows or withdraws the key's use to encrypt and decrypt (what disabling a key in an HSM or KMS amounts to). */
  async setUsable(label: string, usable: boolean): Promise<void> {
    await this.#withSession((token) => {
      token.module.C_SetAttributeValue(token.session, this.#only(token, label), [
        { type: CK.CKA_ENCRYPT, value: usable },
        { type: CK.CKA_DECRYPT, value: usable },
      ]);
    });
  }

  /** Destroys the key: whatever it wrapped can never be unwrapped again. */
  async destroy(label: string): Promise<void> {
    await this.#withSession((token) => token.module.C_DestroyObject(token.session, this.#only(token, label)));
  }

  #only(token: TokenSession, label: string): Buffer {
    const [key, ...others] = findByLabel(token, label);
    if (key === undefined || others.length > 0) throw new Error(`expected one key labelled ${label}`);
    return key;
  }

  async #withSession(act: (token: TokenSession) => void): Promise<void> {
    const token = await openTokenSession({ module: this.#token.module, token: { label: this.#token.label }, pin: this.#token.pin, keyLabel: 'unused' }, { readWrite: true });
    try {
      act(token);
    } finally {
      token.close();
    }
  }
}
