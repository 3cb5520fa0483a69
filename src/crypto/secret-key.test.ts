import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { keyMaterial, SecretKey } from './secret-key.js';

describe('SecretKey prints redacted', () => {
  const key = SecretKey.generate(3);
  const material = keyMaterial(key);
  const forms = [material.toString('hex'), material.toString('base64'), material.toString('base64url')];

  it.each([
    ['String()', () => String(key)],
    ['template literal', () => `${key}`],
    ['JSON.stringify', () => JSON.stringify({ key })],
    ['util.inspect', () => inspect(key, { showHidden: true, depth: Infinity })],
    ['util.inspect of a holder', () => inspect({ nested: [key] })],
  ])('%s shows only the version and never the bytes', (_name, print) => {
    const printed = print();
    expect(printed).toContain('[redacted key v3]');
    for (const form of forms) expect(printed).not.toContain(form);
  });

  it('copies the material it is given', () => {
    const bytes = Buffer.alloc(32, 7);
    const copy = new SecretKey(bytes, 1);
    bytes.fill(0);
    expect(keyMaterial(copy).equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it('refuses material that is not 32 bytes', () => {
    expect(() => new SecretKey(Buffer.alloc(16), 1)).toThrow(expect.objectContaining({ code: 'internal' }));
  });
});
