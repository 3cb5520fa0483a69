import { scrypt } from 'node:crypto';

/** scrypt (RFC 7914) of the NFC-normalised passphrase: a 32-byte key. */
export function deriveArchiveKey(passphrase: string, salt: Uint8Array, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
