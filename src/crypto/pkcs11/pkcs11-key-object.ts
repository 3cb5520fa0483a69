import { endianness } from 'node:os';
import type { SealdeskError } from '../../errors/index.js';
import { CK } from './pkcs11-constants.js';
import type { Pkcs11Attribute } from './pkcs11-module.js';
import type { TokenSession } from './pkcs11-token-session.js';
import { unavailable } from './pkcs11-token-session.js';

/** Root key ids name the key object's `CKA_ID`: `pkcs11-<hex>`. */
export function pkcs11KeyId(id: Buffer): string {
  return `pkcs11-${id.toString('hex')}`;
}

/** Handles of the objects on the token whose `CKA_LABEL` is `label` (at most two: enough to see a clash). */
export function findByLabel(token: TokenSession, label: string, template: Pkcs11Attribute[] = []): Buffer[] {
  const { module, session } = token;
  module.C_FindObjectsInit(session, [...template, { type: CK.CKA_LABEL, value: label }]);
  try {
    return module.C_FindObjects(session, 2);
  } finally {
    module.C_FindObjectsFinal(session);
  }
}

/**
 * The template for a new root key (PKCS#11 v2.40 §2.10.3, §4.7): AES-256, on the token, private,
 * sensitive and not extractable, usable only to encrypt and decrypt.
 */
export function rootKeyTemplate(label: string, id: Buffer): Pkcs11Attribute[] {
  return [
    { type: CK.CKA_CLASS, value: CK.CKO_SECRET_KEY },
    { type: CK.CKA_KEY_TYPE, value: CK.CKK_AES },
    { type: CK.CKA_VALUE_LEN, value: 32 },
    { type: CK.CKA_TOKEN, value: true },
    { type: CK.CKA_PRIVATE, value: true },
    { type: CK.CKA_SENSITIVE, value: true },
    { type: CK.CKA_EXTRACTABLE, value: false },
    { type: CK.CKA_ENCRYPT, value: true },
    { type: CK.CKA_DECRYPT, value: true },
    { type: CK.CKA_WRAP, value: false },
    { type: CK.CKA_UNWRAP, value: false },
    { type: CK.CKA_SIGN, value: false },
    { type: CK.CKA_VERIFY, value: false },
    { type: CK.CKA_DERIVE, value: false },
    { type: CK.CKA_LABEL, value: label },
    { type: CK.CKA_ID, value: id },
  ];
}

const REQUIRED_TRUE = [
  [CK.CKA_TOKEN, 'a token object'],
  [CK.CKA_SENSITIVE, 'sensitive'],
  [CK.CKA_ALWAYS_SENSITIVE, 'always sensitive'],
  [CK.CKA_NEVER_EXTRACTABLE, 'never extractable'],
  [CK.CKA_ENCRYPT, 'allowed to encrypt'],
  [CK.CKA_DECRYPT, 'allowed to decrypt'],
] as const;

/**
 * Reads the key's `CKA_ID` after checking that it is fit to be a root key: AES-256, sensitive
 * and not extractable now and since it was made (so it was generated on a token and never left
 * one), and usable to encrypt and decrypt. Fails closed with `key_unavailable` otherwise.
 */
export function checkRootKeyObject(token: TokenSession, key: Buffer, label: string): Buffer {
  const types = [CK.CKA_ID, CK.CKA_KEY_TYPE, CK.CKA_VALUE_LEN, CK.CKA_EXTRACTABLE, ...REQUIRED_TRUE.map(([type]) => type)];
  let values: Map<number, Buffer>;
  try {
    const read = token.module.C_GetAttributeValue(token.session, key, types.map((type) => ({ type })));
    values = new Map(read.map(({ type, value }) => [type, value]));
  } catch (error) {
    throw unavailable(`Cannot read the attributes of key "${label}" on ${token.tokenName}.`, error);
  }
  const unfit = (why: string) => unavailable(`Key "${label}" on ${token.tokenName} cannot be a root key: ${why}.`);
  if (readUlong(values.get(CK.CKA_KEY_TYPE)) !== CK.CKK_AES || readUlong(values.get(CK.CKA_VALUE_LEN)) !== 32) {
    throw unfit('it is not an AES-256 key');
  }
  if (readBool(values.get(CK.CKA_EXTRACTABLE)) !== false) throw unfit('it is extractable');
  for (const [type, meaning] of REQUIRED_TRUE) {
    if (readBool(values.get(type)) !== true) throw unfit(`it is not ${meaning}`);
  }
  const id = values.get(CK.CKA_ID);
  if (id === undefined || id.length === 0 || id.length > 64) throw unfit('its CKA_ID is empty or longer than 64 bytes');
  return Buffer.from(id);
}

function readBool(value: Buffer | undefined): boolean | undefined {
  return value?.length === 1 ? value[0] !== 0 : undefined;
}

/** A `CK_ULONG`, in the platform's byte order. */
function readUlong(value: Buffer | undefined): number | undefined {
  const little = endianness() === 'LE';
  if (value?.length === 8) return Number(little ? value.readBigUInt64LE(0) : value.readBigUInt64BE(0));
  if (value?.length === 4) return little ? value.readUInt32LE(0) : value.readUInt32BE(0);
  return undefined;
}

/** The token refused `C_GenerateKey` (no AES-GCM support, read-only token, out of space, …). */
export function generationFailed(token: TokenSession, error: unknown): SealdeskError {
  return unavailable(`PKCS#11 ${token.tokenName} could not generate an AES-256 key.`, error);
}
