import { describe, expect, it } from 'vitest';
import { CheckpointError, encodeVerifierKey, parseVerifierKey } from './index.js';

// From golang.org/x/mod/sumdb/note (note_test.go, BSD-3-Clause): the PeterNeumann verifier key.
const PETER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_PUBLIC = Buffer.from('ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', 'base64').subarray(1);

describe('verifier keys', () => {
  it('parses the Go sumdb/note example key', async () => {
    const key = await parseVerifierKey(PETER);
    expect(key.name).toBe('PeterNeumann');
    expect(key.keyId).toBe(0xc74f20a3);
    expect(key.publicKey).toEqual(new Uint8Array(PETER_PUBLIC));
  });

  it('encodes the same string Go does', async () => {
    expect(await encodeVerifierKey('PeterNeumann', PETER_PUBLIC)).toBe(PETER);
  });

  it.each([
    ['a wrong key ID', PETER.replace('c74f20a3', 'c74f20a4')],
    ['an uppercase key ID', PETER.replace('c74f20a3', 'C74F20A3')],
    ['a short key ID', PETER.replace('c74f20a3', 'c74f20a')],
    ['another name', PETER.replace('PeterNeumann', 'PeterNeumano')],
    ['an empty name', PETER.replace('PeterNeumann', '')],
    ['a name with a space', PETER.replace('PeterNeumann', 'Peter Neumann')],
    ['a missing key', 'PeterNeumann+c74f20a3'],
    ['another signature type', PETER.replace('+ARpc', '+Ahpc')],
    ['a truncated key', PETER.slice(0, -4)],
  ])('refuses %s', async (_, text) => {
    await expect(parseVerifierKey(text)).rejects.toBeInstanceOf(CheckpointError);
  });

  it('refuses to encode a name with a plus or a 31-byte key', async () => {
    await expect(encodeVerifierKey('a+b', PETER_PUBLIC)).rejects.toMatchObject({ reason: 'invalid_key_name' });
    await expect(encodeVerifierKey('ab', PETER_PUBLIC.subarray(1))).rejects.toMatchObject({ reason: 'malformed_verifier_key' });
  });
});
