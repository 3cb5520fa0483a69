/**
 * The subset of the `pkcs11js` binding (PKCS#11 v2.40 through N-API) that Sealdesk calls, so the
 * adapter depends on a dozen functions rather than on the whole package. Handles (slots,
 * sessions, objects) are opaque buffers holding a `CK_ULONG`.
 */
export interface Pkcs11Module {
  /** dlopen()s the library at `path`. */
  load(path: string): void;
  /** Closes the library loaded by `load`. */
  close(): void;
  C_Initialize(): void;
  C_Finalize(): void;
  C_GetSlotList(tokenPresent: boolean): Buffer[];
  C_GetTokenInfo(slot: Buffer): { label: string; flags: number };
  C_OpenSession(slot: Buffer, flags: number): Buffer;
  C_CloseSession(session: Buffer): void;
  C_Login(session: Buffer, userType: number, pin: string): void;
  C_Logout(session: Buffer): void;
  C_FindObjectsInit(session: Buffer, template: Pkcs11Attribute[]): void;
  C_FindObjects(session: Buffer, maxObjectCount: number): Buffer[];
  C_FindObjectsFinal(session: Buffer): void;
  C_GetAttributeValue(session: Buffer, object: Buffer, template: Pkcs11Attribute[]): Array<{ type: number; value: Buffer }>;
  /** Used by a token's own administrator (the tests act as a tenant's, withdrawing and restoring a key's use). */
  C_SetAttributeValue(session: Buffer, object: Buffer, template: Pkcs11Attribute[]): void;
  C_GenerateKey(session: Buffer, mechanism: Pkcs11Mechanism, template: Pkcs11Attribute[]): Buffer;
  C_DestroyObject(session: Buffer, object: Buffer): void;
  C_EncryptInit(session: Buffer, mechanism: Pkcs11Mechanism, key: Buffer): void;
  /** Single-part encryption on a worker thread; resolves to the used part of `outData`. */
  C_EncryptAsync(session: Buffer, inData: Buffer, outData: Buffer): Promise<Buffer>;
  C_DecryptInit(session: Buffer, mechanism: Pkcs11Mechanism, key: Buffer): void;
  /** Single-part decryption on a worker thread; resolves to the used part of `outData`. */
  C_DecryptAsync(session: Buffer, inData: Buffer, outData: Buffer): Promise<Buffer>;
}

/** An attribute in a template: booleans, `CK_ULONG`s, UTF-8 strings or bytes. */
export interface Pkcs11Attribute {
  type: number;
  value?: boolean | number | string | Buffer;
}

/** A mechanism and its parameters; only AES-GCM's (`CK_GCM_PARAMS`) are used here. */
export interface Pkcs11Mechanism {
  mechanism: number;
  parameter?: Pkcs11GcmParams;
}

/** `CK_GCM_PARAMS` as pkcs11js builds it; `type` selects the structure (`CK_PARAMS_AES_GCM_v240`). */
export interface Pkcs11GcmParams {
  type: number;
  iv: Buffer;
  ivBits: number;
  aad: Buffer;
  tagBits: number;
}

/** The `pkcs11js` package's exports that Sealdesk uses. */
export interface Pkcs11Package {
  PKCS11: new () => Pkcs11Module;
  /** pkcs11js's selector for the PKCS#11 v2.40 `CK_GCM_PARAMS` structure (with `ulIvBits`). */
  CK_PARAMS_AES_GCM_v240: number;
}

/** A failure raised by pkcs11js: `code` is the `CKR_*` value, `message` its name. */
export function pkcs11ReturnCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' && code > 0 ? code : undefined;
}
