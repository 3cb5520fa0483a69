import { randomBytes } from 'node:crypto';

/**
 * Resource ids: a short kind prefix and 128 random bits in lowercase base32 (26 characters),
 * e.g. `cnv_3k9x…`. Ids are unguessable so that one tenant cannot probe another's.
 */
export const ID_PREFIXES = {
  tenant: 'ten',
  member: 'mem',
  apiKey: 'key',
  contact: 'ctc',
  conversation: 'cnv',
  message: 'msg',
  request: 'req',
  alert: 'alr',
  webhook: 'whk',
  emailRecipient: 'rcp',
  team: 'tem',
  accessRequest: 'acr',
  kbArticle: 'kba',
  legalHold: 'lgh',
  backup: 'bkp',
  backupSigningKey: 'bsk',
  erasure: 'era',
  answerTrace: 'ans',
  keyRotation: 'kro',
  rootKeyRotation: 'rkr',
  keyImportKey: 'kik',
  keyImportToken: 'kit',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const BODY_LENGTH = 26;

export function newId(kind: IdKind): string {
  const bytes = randomBytes(17);
  let body = '';
  for (let index = 0; index < BODY_LENGTH; index++) {
    // 5 bits per character, read from the random bytes.
    const bit = index * 5;
    const byte = bit >> 3;
    const word = ((bytes[byte] ?? 0) << 8) | (bytes[byte + 1] ?? 0);
    body += BASE32[(word >> (11 - (bit & 7))) & 31];
  }
  return `${ID_PREFIXES[kind]}_${body}`;
}

export function isId(kind: IdKind, value: string): boolean {
  return new RegExp(`^${ID_PREFIXES[kind]}_[a-z2-7]{${BODY_LENGTH}}$`).test(value);
}
