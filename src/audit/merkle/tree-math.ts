import { MerkleError } from './merkle-error.js';

// Sizes are safe integers (< 2^53), so these use arithmetic: JavaScript's bitwise
// operators would truncate them to 32 bits.

/** @internal */
export function isOdd(n: number): boolean {
  return n % 2 === 1;
}

/** @internal n >> 1 for sizes beyond 32 bits. */
export function half(n: number): number {
  return Math.floor(n / 2);
}

/** @internal The k of RFC 9162 §2.1.1: the largest power of two smaller than n. Requires n > 1. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** @internal */
export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && splitPoint(n + 1) === n;
}

/** @internal Fails closed with `invalid_size` unless n is a non-negative safe integer. */
export function assertSize(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new MerkleError('invalid_size', `${what} must be a non-negative safe integer`);
  }
}
