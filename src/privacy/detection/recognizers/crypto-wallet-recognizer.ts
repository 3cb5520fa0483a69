import type { PiiFinding } from '../pii-finding.js';
import type { Recognizer } from '../recognizer.js';
import { decodeBase58Check } from '../validators/base58check.js';
import { isSegwitAddress } from '../validators/bech32.js';

const BASE58 = /(?<![A-Za-z0-9])[123mn][1-9A-HJ-NP-Za-km-z]{25,34}(?![A-Za-z0-9])/g;
const BECH32 = /(?<![A-Za-z0-9])(?:bc1|tb1|BC1|TB1)[A-Za-z0-9]{8,87}(?![A-Za-z0-9])/g;
const ETHEREUM = /(?<![A-Za-z0-9])0x[0-9a-fA-F]{40}(?![A-Za-z0-9])/g;
/** Base58Check version bytes of P2PKH and P2SH addresses, mainnet and testnet. */
const VERSIONS = new Set([0x00, 0x05, 0x6f, 0xc4]);

/**
 * Crypto wallet addresses: Bitcoin P2PKH/P2SH (Base58Check, 21-byte payload with a known
 * version), SegWit (Bech32, BIP 173) and Taproot (Bech32m, BIP 350), and Ethereum (0x + 40 hex).
 * Ethereum's mixed-case checksum (EIP-55) needs Keccak-256, which node:crypto lacks and which we
 * do not write ourselves, so an Ethereum address is confirmed by shape only and scores lower.
 */
export function cryptoWalletRecognizer(): Recognizer {
  return {
    name: 'crypto-wallet',
    types: ['CRYPTO'],
    applies: (p) => p.longestToken >= 26,
    scan(text: string, out: PiiFinding[]): void {
      BASE58.lastIndex = 0;
      for (let match = BASE58.exec(text); match !== null; match = BASE58.exec(text)) {
        const payload = decodeBase58Check(match[0]);
        if (payload === undefined || payload.length !== 21 || !VERSIONS.has(payload[0]!)) continue;
        out.push({ type: 'CRYPTO', start: match.index, end: match.index + match[0].length, score: 1, validator: 'base58check' });
      }
      if (/bc1|tb1/i.test(text)) {
        BECH32.lastIndex = 0;
        for (let match = BECH32.exec(text); match !== null; match = BECH32.exec(text)) {
          if (!isSegwitAddress(match[0])) continue;
          out.push({ type: 'CRYPTO', start: match.index, end: match.index + match[0].length, score: 1, validator: 'bech32' });
        }
      }
      if (text.includes('0x')) {
        ETHEREUM.lastIndex = 0;
        for (let match = ETHEREUM.exec(text); match !== null; match = ETHEREUM.exec(text)) {
          out.push({ type: 'CRYPTO', start: match.index, end: match.index + match[0].length, score: 0.85, validator: 'eth-hex' });
        }
      }
    },
  };
}
