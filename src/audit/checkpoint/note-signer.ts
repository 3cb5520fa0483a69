/**
 * Signs note text for {@link signNote}: the port a key provider (local file, PKCS#11, a fake)
 * implements. `keyId` is the C2SP signed-note key ID of `name` and the public key.
 */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  /** The signature of the exact UTF-8 bytes of the note text. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}
