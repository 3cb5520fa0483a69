import { SealdeskError } from '../../errors/index.js';

/** Where the root key lives on a PKCS#11 token, and how to log in to it. */
export interface Pkcs11Settings {
  /** Path of the vendor's PKCS#11 library, e.g. `/usr/lib/softhsm/libsofthsm2.so`. */
  readonly module: string;
  /**
   * Which token: by its label (preferred; SoftHSM2 renumbers slots when tokens are added) or by
   * slot id. A label that more than one present token carries is refused.
   */
  readonly token: { readonly label: string } | { readonly slot: number };
  /** The token's user PIN. Read from the environment; never logged, never put in an error. */
  readonly pin: string;
  /** `CKA_LABEL` of the root key object on the token. */
  readonly keyLabel: string;
}

/** Token labels are 32 bytes, blank-padded (PKCS#11 v2.40 §3.2, `CK_TOKEN_INFO.label`). */
const TOKEN_LABEL_MAX_BYTES = 32;
const KEY_LABEL_MAX_CHARS = 128;

/** Refuses settings that cannot name a token and key, with `config_invalid` naming the problem. */
export function checkPkcs11Settings(settings: Pkcs11Settings): void {
  const invalid = (userMessage: string) => new SealdeskError('config_invalid', { userMessage });
  if (settings.module.trim() === '') throw invalid('The PKCS#11 module path is empty.');
  if ('label' in settings.token) {
    const bytes = Buffer.byteLength(settings.token.label, 'utf8');
    if (settings.token.label.trim() === '' || bytes > TOKEN_LABEL_MAX_BYTES) {
      throw invalid(`A PKCS#11 token label must be 1–${TOKEN_LABEL_MAX_BYTES} bytes and not blank.`);
    }
  } else if (!Number.isSafeInteger(settings.token.slot) || settings.token.slot < 0) {
    throw invalid('A PKCS#11 slot must be a non-negative integer.');
  }
  if (settings.pin === '') throw invalid('The PKCS#11 PIN is empty.');
  if (settings.keyLabel.trim() === '' || settings.keyLabel.length > KEY_LABEL_MAX_CHARS) {
    throw invalid(`A PKCS#11 key label must be 1–${KEY_LABEL_MAX_CHARS} characters and not blank.`);
  }
}

/** `token "label"` or `slot 3`, for messages. */
export function describeToken(token: Pkcs11Settings['token']): string {
  return 'label' in token ? `token "${token.label}"` : `slot ${token.slot}`;
}
