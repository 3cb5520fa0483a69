import { decodeBase64 } from '../checkpoint/index.js';
import { CheckFailure } from './check-failure.js';

/** Bytes as a caller has them: a Uint8Array, or standard base64 (as in JSON proof bundles). */
export type BytesInput = Uint8Array | string;

/** @internal */
export function toBytes(value: BytesInput, what: string): Uint8Array {
  if (typeof value !== 'string') return value;
  const bytes = decodeBase64(value);
  if (bytes === undefined) throw new CheckFailure(`${what} is not canonical base64`);
  return bytes;
}
