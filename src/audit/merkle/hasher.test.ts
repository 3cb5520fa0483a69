import { describe, expect, it } from 'vitest';
import { emptyRoot, hashChildren, hashLeaf } from './index.js';

// Vectors from transparency-dev/merkle rfc6962/rfc6962_test.go (commit 417fb0c3, Apache-2.0).
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('RFC 6962 hasher', () => {
  it('hashes the empty tree to SHA-256 of the empty string', async () => {
    expect(hex(await emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('prefixes leaves with 0x00', async () => {
    expect(hex(await hashLeaf(text('')))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(hex(await hashLeaf(text('L123456')))).toBe(
      '395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56',
    );
  });

  it('prefixes interior nodes with 0x01', async () => {
    expect(hex(await hashChildren(text('N123'), text('N456')))).toBe(
      'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb',
    );
  });
});
