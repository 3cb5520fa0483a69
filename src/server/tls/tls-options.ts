import type { SecureContextOptions, TlsOptions } from 'node:tls';

/**
 * TLS 1.3 preferred, 1.2 minimum; only forward-secret (ECDHE) key exchange with AEAD ciphers.
 * No CBC, no RSA key exchange, no SHA-1 MACs.
 */
export const CIPHER_SUITES = [
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
] as const;

export function serverTlsOptions(material: { cert: string | Buffer; key: string | Buffer }): TlsOptions & SecureContextOptions {
  return {
    cert: material.cert,
    key: material.key,
    minVersion: 'TLSv1.2',
    ciphers: CIPHER_SUITES.join(':'),
    honorCipherOrder: true,
    ecdhCurve: 'X25519:prime256v1:secp384r1',
  };
}
