/**
 * Bech32 (BIP 173) and Bech32m (BIP 350) checksums. The checksum is a BCH code over GF(32), not
 * a hash, so it is computed here as the BIPs specify.
 */
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const BECH32_CONST = 1;
const BECH32M_CONST = 0x2bc830a3;

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const value of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATOR[i]!;
  }
  return chk >>> 0;
}

export type Bech32Encoding = 'bech32' | 'bech32m';

/**
 * Decodes a Bech32/Bech32m string (BIP 173 §Bech32): all lower- or all upper-case, at most 90
 * characters, a human-readable part, `1`, data, and a 6-character checksum. Returns the
 * human-readable part, the 5-bit data (checksum removed) and which constant matched.
 */
export function decodeBech32(text: string): { hrp: string; data: number[]; encoding: Bech32Encoding } | undefined {
  if (text.length < 8 || text.length > 90) return undefined;
  const lower = text.toLowerCase();
  if (text !== lower && text !== text.toUpperCase()) return undefined;
  const separator = lower.lastIndexOf('1');
  if (separator < 1 || separator + 7 > lower.length) return undefined;
  const hrp = lower.slice(0, separator);
  const data: number[] = [];
  for (let i = separator + 1; i < lower.length; i++) {
    const value = CHARSET.indexOf(lower[i]!);
    if (value < 0) return undefined;
    data.push(value);
  }
  const expanded: number[] = [];
  for (let i = 0; i < hrp.length; i++) expanded.push(hrp.charCodeAt(i) >> 5);
  expanded.push(0);
  for (let i = 0; i < hrp.length; i++) expanded.push(hrp.charCodeAt(i) & 31);
  const check = polymod([...expanded, ...data]);
  const encoding = check === BECH32_CONST ? 'bech32' : check === BECH32M_CONST ? 'bech32m' : undefined;
  if (encoding === undefined) return undefined;
  return { hrp, data: data.slice(0, -6), encoding };
}

/**
 * A SegWit address (BIP 173 §Segwit address format, BIP 350): witness version 0 must use Bech32
 * and a 20- or 32-byte program, versions 1–16 Bech32m and 2–40 bytes.
 */
export function isSegwitAddress(text: string, hrps: readonly string[] = ['bc', 'tb']): boolean {
  const decoded = decodeBech32(text);
  if (decoded === undefined || !hrps.includes(decoded.hrp) || decoded.data.length < 1) return false;
  const version = decoded.data[0]!;
  if (version > 16) return false;
  if ((version === 0) !== (decoded.encoding === 'bech32')) return false;
  let bits = 0;
  let acc = 0;
  let length = 0;
  for (const value of decoded.data.slice(1)) {
    acc = (acc << 5) | value;
    bits += 5;
    while (bits >= 8) {
      bits -= 8;
      length++;
    }
    acc &= (1 << bits) - 1;
  }
  if (bits >= 5 || acc !== 0) return false;
  if (length < 2 || length > 40) return false;
  return version !== 0 || length === 20 || length === 32;
}
