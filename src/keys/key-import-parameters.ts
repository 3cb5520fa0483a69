/** What a tenant needs to wrap its key for one import: never secret, valid for one import until `expiresAt`. */
export interface KeyImportParameters {
  readonly tenantId: string;
  /** The import token (`kit_…`): give it back with the wrapped key; it is bound into the OAEP label. */
  readonly importToken: string;
  readonly expiresAt: string;
  /** `RSA-OAEP-256`: RSAES-OAEP with SHA-256 and MGF1-SHA-256 (RFC 8017 §7.1). */
  readonly algorithm: string;
  readonly oaep: { readonly hash: 'SHA-256'; readonly mgf: 'MGF1-SHA-256'; readonly label: string; readonly labelHex: string };
  /** The installation's import wrapping key. */
  readonly wrappingKey: { readonly id: string; readonly publicKey: string; readonly modulusBits: number };
  /** What to wrap: 32 random bytes, an AES-256 key. */
  readonly keyMaterial: { readonly spec: 'AES-256'; readonly bytes: number };
}
