import { CheckpointError } from './checkpoint-error.js';
import { ed25519KeyId } from './key-id.js';
import type { NoteSigner } from './note-signer.js';
import { encodeVerifierKey } from './verifier-key.js';
import { verifyEd25519 } from './verify-ed25519.js';

/** A WebCrypto key (`CryptoKey`), named without DOM or node:crypto types. */
type WebCryptoKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;

/**
 * A {@link NoteSigner} over an Ed25519 WebCrypto key pair. The private key can be (and should be)
 * non-extractable; it stays in a private field and never leaves this object.
 */
export class Ed25519NoteSigner implements NoteSigner {
  readonly name: string;
  readonly keyId: number;
  /** The verifier key string to hand to customers, see {@link encodeVerifierKey}. */
  readonly verifierKey: string;
  readonly #privateKey: WebCryptoKey;

  private constructor(name: string, keyId: number, verifierKey: string, privateKey: WebCryptoKey) {
    this.name = name;
    this.keyId = keyId;
    this.verifierKey = verifierKey;
    this.#privateKey = privateKey;
  }

  /** Refuses an invalid name, and a pair whose private key does not sign for its public key. */
  static async create(
    name: string,
    keyPair: { readonly privateKey: WebCryptoKey; readonly publicKey: WebCryptoKey },
  ): Promise<Ed25519NoteSigner> {
    const publicKey = new Uint8Array(await globalThis.crypto.subtle.exportKey('raw', keyPair.publicKey));
    const signer = new Ed25519NoteSigner(
      name,
      await ed25519KeyId(name, publicKey),
      await encodeVerifierKey(name, publicKey),
      keyPair.privateKey,
    );
    const probe = new TextEncoder().encode('sealdesk key pair check\n');
    if (!(await verifyEd25519(publicKey, probe, await signer.sign(probe)))) {
      throw new CheckpointError('invalid_signature', 'the private key does not match the public key');
    }
    return signer;
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(await globalThis.crypto.subtle.sign({ name: 'Ed25519' }, this.#privateKey, message));
  }
}
