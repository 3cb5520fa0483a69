import { describe, expect, it } from 'vitest';
import { decodeBase58Check, isSegwitAddress, passesIbanMod97, passesLuhn } from '../../src/privacy/index.js';
import { decodeBech32 } from '../../src/privacy/detection/validators/bech32.js';
import { shannonEntropy } from '../../src/privacy/detection/validators/entropy.js';

describe('checksums', () => {
  it.each([
    ['4111111111111111', true],
    ['4111111111111112', false],
    ['79927398713', true], // ISO/IEC 7812 worked example
    ['0', true],
    ['', false],
    ['12a4', false],
  ])('Luhn(%j) is %s', (digits, ok) => expect(passesLuhn(digits)).toBe(ok));

  it.each([
    ['GB82WEST12345698765432', true], // ISO 13616 example
    ['DE89370400440532013000', true],
    ['DE89370400440532013001', false],
    ['gb82west12345698765432', false], // the validator wants upper case; the recogniser folds it
  ])('IBAN MOD 97-10 (%s) is %s', (iban, ok) => expect(passesIbanMod97(iban)).toBe(ok));

  it('Base58Check: a P2PKH address decodes to version 0 and a 20-byte hash; one changed character fails', () => {
    const payload = decodeBase58Check('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2');
    expect(payload?.length).toBe(21);
    expect(payload?.[0]).toBe(0);
    expect(decodeBase58Check('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3')).toBeUndefined();
    expect(decodeBase58Check('0OIl')).toBeUndefined();
  });

  // Vectors from BIP 173 and BIP 350 (Bech32m replaced Bech32 for witness versions 1–16).
  it.each([
    ['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', true],
    ['bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3', true],
    ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', true],
    ['tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', true],
    ['bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du', false], // v2 in Bech32, not Bech32m
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', false], // changed checksum
    ['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7kv8f3t4', false], // mixed case
    ['bc1gmk9yu', false],
  ])('SegWit address %s is %s', (address, ok) => expect(isSegwitAddress(address)).toBe(ok));

  it('Bech32 tells Bech32 from Bech32m', () => {
    expect(decodeBech32('A12UEL5L')?.encoding).toBe('bech32');
    expect(decodeBech32('A1LQFN3A')?.encoding).toBe('bech32m');
  });

  it('Shannon entropy counts bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });
});
