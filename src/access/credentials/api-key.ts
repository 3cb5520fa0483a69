import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isId, newId } from '../../common/index.js';

/**
 * Bearer API keys look like `sd_key_<26>.<43>`: the key id, then 256 random bits. Only a SHA-256
 * of the secret is stored; with that much entropy a slow hash adds nothing.
 */
const PREFIX = 'sd_';

export interface IssuedApiKey {
  readonly id: string;
  readonly token: string;
  readonly secretHash: Buffer;
}

export function issueApiKey(): IssuedApiKey {
  const id = newId('apiKey');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `${PREFIX}${id}.${secret}`, secretHash: hashSecret(secret) };
}

/** Splits a presented token into key id and secret, or undefined when it is not an API key. */
export function parseApiKey(token: string): { id: string; secret: string } | undefined {
  if (!token.startsWith(PREFIX)) return undefined;
  const [id, secret, extra] = token.slice(PREFIX.length).split('.');
  if (extra !== undefined || id === undefined || secret === undefined) return undefined;
  if (!isId('apiKey', id) || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
  return { id, secret };
}

export function apiKeySecretMatches(secret: string, storedHash: Uint8Array): boolean {
  const presented = hashSecret(secret);
  return presented.length === storedHash.length && timingSafeEqual(presented, storedHash);
}

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}
