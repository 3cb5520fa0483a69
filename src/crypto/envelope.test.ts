import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Binding } from './binding.js';
import { decodeEnvelope } from './envelope.js';
import { openEnvelope } from './open-envelope.js';
import { sealEnvelope } from './seal-envelope.js';
import { SecretKey } from './secret-key.js';

const failed = expect.objectContaining({ code: 'decryption_failed' });
const key = SecretKey.generate(7);
const binding: Binding = { tenant: 'ten_a', table: 'messages', column: 'body', row: 'msg_1' };
const text = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' });
const bindings = fc.record({ tenant: text, table: text, column: text, row: text });
const plaintexts = fc.uint8Array({ maxLength: 300 });

function open(envelope: Uint8Array, where: Binding = binding): Buffer {
  return openEnvelope(key, decodeEnvelope(envelope), where);
}

describe('envelope', () => {
  it('round-trips any plaintext for any binding', () => {
    fc.assert(
      fc.property(plaintexts, bindings, (plaintext, where) => {
        const envelope = sealEnvelope(key, 'content', plaintext, where);
        expect(open(envelope, where).equals(Buffer.from(plaintext))).toBe(true);
      }),
    );
  });

  it('lays out magic, version, algorithm, key id, key version, nonce, ciphertext and tag', () => {
    const envelope = sealEnvelope(key, 'content', Buffer.from('hi'), binding);
    expect(envelope.subarray(0, 5)).toEqual(Buffer.from([0x53, 0x44, 1, 1, 7]));
    expect(envelope.subarray(5, 12).toString()).toBe('content');
    expect(envelope.readUInt32BE(12)).toBe(7);
    expect(envelope.length).toBe(16 + 12 + 2 + 16);
    const decoded = decodeEnvelope(envelope);
    expect([decoded.keyId, decoded.keyVersion, decoded.ciphertext.length]).toEqual(['content', 7, 2]);
  });

  it('uses a fresh nonce for every seal', () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 100; i++) {
      nonces.add(decodeEnvelope(sealEnvelope(key, 'content', Buffer.from('same'), binding)).nonce.toString('hex'));
    }
    expect(nonces.size).toBe(100);
  });

  it('fails when any single bit of the envelope is flipped (every bit of one envelope)', () => {
    const envelope = sealEnvelope(key, 'content', Buffer.from('8 bytes!'), binding);
    for (let bit = 0; bit < envelope.length * 8; bit++) {
      const flipped = Buffer.from(envelope);
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      expect(() => open(flipped), `bit ${bit}`).toThrow(failed);
    }
  });

  it('fails when any single bit is flipped (random envelopes)', () => {
    fc.assert(
      fc.property(plaintexts, bindings, fc.nat(), (plaintext, where, position) => {
        const envelope = sealEnvelope(key, 'content', plaintext, where);
        const bit = position % (envelope.length * 8);
        envelope[bit >> 3]! ^= 1 << (bit & 7);
        expect(() => open(envelope, where)).toThrow(failed);
      }),
    );
  });

  it('fails when moved to another tenant, table, column or row', () => {
    const fields = fc.constantFrom<Exclude<keyof Binding, 'subject'>>('tenant', 'table', 'column', 'row');
    fc.assert(
      fc.property(plaintexts, bindings, fields, text, (plaintext, where, field, other) => {
        fc.pre(where[field] !== other);
        const envelope = sealEnvelope(key, 'content', plaintext, where);
        expect(() => open(envelope, { ...where, [field]: other })).toThrow(failed);
      }),
    );
  });

  it('fails under another key of the same version', () => {
    const envelope = sealEnvelope(key, 'content', Buffer.from('secret'), binding);
    expect(() => openEnvelope(SecretKey.generate(7), decodeEnvelope(envelope), binding)).toThrow(failed);
  });

  it('rejects every truncation', () => {
    const envelope = sealEnvelope(key, 'content', Buffer.from('secret'), binding);
    for (let length = 0; length < envelope.length; length++) {
      expect(() => open(envelope.subarray(0, length)), `length ${length}`).toThrow(failed);
    }
  });

  it.each([
    ['an unknown format version', 2, 2],
    ['format version 0', 2, 0],
    ['an unknown algorithm', 3, 2],
    ['an empty key id', 4, 0],
    ['a wrong magic', 0, 0x58],
  ])('rejects %s before decrypting', (_name, offset, value) => {
    const envelope = sealEnvelope(key, 'content', Buffer.from('secret'), binding);
    envelope[offset] = value;
    expect(() => decodeEnvelope(envelope)).toThrow(failed);
  });

  it('rejects an empty binding field when sealing', () => {
    expect(() => sealEnvelope(key, 'content', Buffer.from('x'), { ...binding, row: '' })).toThrow(
      expect.objectContaining({ code: 'internal' }),
    );
  });
});
