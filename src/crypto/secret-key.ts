import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { SealdeskError } from '../errors/index.js';

/** Secret keys are 256 bits. */
export const SECRET_KEY_BYTES = 32;

let readMaterial: (key: SecretKey) => Buffer;

/**
 * A versioned 256-bit key handle. The material sits in a private field and is reachable only by
 * crypto-internal code through `keyMaterial`; `String()`, `JSON.stringify` and `util.inspect` all
 * print `[redacted key v3]`.
 */
export class SecretKey {
  /** The key's version in its hierarchy (tenant key version, data key version, …). */
  readonly version: number;
  readonly #material: Buffer;

  static {
    readMaterial = (key) => key.#material;
  }

  /** Copies `material`, which must be 32 bytes. */
  constructor(material: Uint8Array, version: number) {
    if (material.length !== SECRET_KEY_BYTES) {
      throw new SealdeskError('internal', { detail: 'a secret key must be 32 bytes' });
    }
    this.#material = Buffer.from(material);
    this.version = version;
  }

  /** A fresh key from the operating system's CSPRNG. */
  static generate(version: number): SecretKey {
    const material = randomBytes(SECRET_KEY_BYTES);
    try {
      return new SecretKey(material, version);
    } finally {
      material.fill(0);
    }
  }

  toString(): string {
    return `[redacted key v${this.version}]`;
  }

  toJSON(): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** @internal The key bytes, for crypto code only; never exported from `src/crypto/index.ts`. */
export function keyMaterial(key: SecretKey): Buffer {
  return readMaterial(key);
}
