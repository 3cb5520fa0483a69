import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { SealdeskError } from '../../errors/index.js';
import { CK } from './pkcs11-constants.js';
import { type Pkcs11Module, type Pkcs11Package, pkcs11ReturnCode } from './pkcs11-module.js';
import { describeToken, type Pkcs11Settings } from './pkcs11-settings.js';

/** A logged-in session on one token. `close()` ends it (and logs out with the last one). */
export interface TokenSession {
  readonly module: Pkcs11Module;
  readonly session: Buffer;
  /** pkcs11js's selector for `CK_GCM_PARAMS`. */
  readonly gcmParamsType: number;
  /** `token "label"` or `slot 3`, for messages. */
  readonly tokenName: string;
  close(): void;
}

// PKCS#11 state is per process, not per handle: every load of one library shares one
// C_Initialize/C_Finalize, and a login covers all of the application's sessions on a token
// (v2.40 §5.6, §11.6). So libraries and logins are counted here, and the last user of each
// finalises or logs out, while other providers in the process keep working.
interface Library {
  readonly module: Pkcs11Module;
  /** False if something else in this process had initialised the library; finalising is then left to it. */
  readonly ownsInitialisation: boolean;
  users: number;
  /** Per slot: how many of our sessions are logged in, and a MAC of the PIN that logged in. */
  readonly logins: Map<string, { sessions: number; pinMac: Buffer }>;
}

const libraries = new Map<string, Library>();
const pinMacKey = randomBytes(32);
let packagePromise: Promise<Pkcs11Package> | undefined;

/**
 * Opens a session on the token `settings` names and logs in as the user. Loads and initialises
 * the library on first use in this process. A token this process is already logged in to must be
 * given the same PIN (PKCS#11 would not check it again). Fails with `key_unavailable` and a
 * message for the operator when the library, the token or the PIN is wrong.
 */
export async function openTokenSession(settings: Pkcs11Settings, options: { readWrite: boolean }): Promise<TokenSession> {
  const pkg = await loadPackage();
  const path = canonicalPath(settings.module);
  const library = acquireLibrary(pkg, path);
  const tokenName = describeToken(settings.token);
  let session: Buffer | undefined;
  try {
    const slot = findSlot(library.module, settings, tokenName);
    const slotKey = slot.toString('hex');
    const flags = CK.CKF_SERIAL_SESSION | (options.readWrite ? CK.CKF_RW_SESSION : 0);
    session = library.module.C_OpenSession(slot, flags);
    logIn(library, slotKey, session, settings.pin, tokenName);
    const opened = session;
    let closed = false;
    return {
      module: library.module,
      session: opened,
      gcmParamsType: pkg.CK_PARAMS_AES_GCM_v240,
      tokenName,
      close() {
        if (closed) return;
        closed = true;
        logOut(library, slotKey, opened);
        quietly(() => library.module.C_CloseSession(opened));
        releaseLibrary(path, library);
      },
    };
  } catch (error) {
    if (session !== undefined) {
      const opened = session;
      quietly(() => library.module.C_CloseSession(opened));
    }
    releaseLibrary(path, library);
    throw asKeyUnavailable(error, tokenName);
  }
}

function loadPackage(): Promise<Pkcs11Package> {
  packagePromise ??= import('pkcs11js').then(
    (imported) => ((imported as { default?: unknown }).default ?? imported) as Pkcs11Package,
    (error: unknown) => {
      packagePromise = undefined;
      throw unavailable('The PKCS#11 binding (the pkcs11js package) is not installed or did not build.', error);
    },
  );
  return packagePromise;
}

function acquireLibrary(pkg: Pkcs11Package, path: string): Library {
  const existing = libraries.get(path);
  if (existing !== undefined) {
    existing.users += 1;
    return existing;
  }
  const module = new pkg.PKCS11();
  try {
    module.load(path);
  } catch (error) {
    throw unavailable(`Cannot load the PKCS#11 module ${path}; check the path and that the library is installed.`, error);
  }
  let ownsInitialisation = true;
  try {
    module.C_Initialize();
  } catch (error) {
    if (pkcs11ReturnCode(error) !== CK.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
      quietly(() => module.close());
      throw unavailable(`The PKCS#11 module ${path} failed to initialise (${errorName(error)}).`, error);
    }
    ownsInitialisation = false;
  }
  const library: Library = { module, ownsInitialisation, users: 1, logins: new Map() };
  libraries.set(path, library);
  return library;
}

function releaseLibrary(path: string, library: Library): void {
  library.users -= 1;
  if (library.users > 0) return;
  libraries.delete(path);
  if (library.ownsInitialisation) quietly(() => library.module.C_Finalize());
  quietly(() => library.module.close());
}

/** One entry per library file, however it is named (symbolic links share its state). */
function canonicalPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function findSlot(module: Pkcs11Module, settings: Pkcs11Settings, tokenName: string): Buffer {
  const slots = module.C_GetSlotList(true);
  const { token } = settings;
  const matches =
    'label' in token
      ? slots.filter((slot) => {
          const info = module.C_GetTokenInfo(slot);
          return (info.flags & CK.CKF_TOKEN_INITIALIZED) !== 0 && info.label.trimEnd() === token.label;
        })
      : slots.filter((slot) => slotNumber(slot) === BigInt(token.slot));
  if (matches.length === 0) {
    throw unavailable(`No PKCS#11 ${tokenName} is present in ${settings.module}.`);
  }
  if (matches.length > 1) throw unavailable(`More than one PKCS#11 ${tokenName} is present; name the token by slot.`);
  return matches[0]!;
}

function slotNumber(handle: Buffer): bigint {
  return handle.length >= 8 ? handle.readBigUInt64LE(0) : BigInt(handle.readUInt32LE(0));
}

function logIn(library: Library, slotKey: string, session: Buffer, pin: string, tokenName: string): void {
  const pinMac = createHmac('sha256', pinMacKey).update(pin, 'utf8').digest();
  const login = library.logins.get(slotKey);
  if (login !== undefined) {
    if (!timingSafeEqual(login.pinMac, pinMac)) throw pinRefused(tokenName);
    login.sessions += 1;
    return;
  }
  try {
    library.module.C_Login(session, CK.CKU_USER, pin);
  } catch (error) {
    const code = pkcs11ReturnCode(error);
    if (code !== CK.CKR_USER_ALREADY_LOGGED_IN) {
      if (code === CK.CKR_PIN_INCORRECT || code === CK.CKR_PIN_INVALID || code === CK.CKR_PIN_LEN_RANGE) {
        throw pinRefused(tokenName, error);
      }
      if (code === CK.CKR_PIN_LOCKED) throw unavailable(`The user PIN of PKCS#11 ${tokenName} is locked.`, error);
      throw unavailable(`Cannot log in to PKCS#11 ${tokenName} (${errorName(error)}).`, error);
    }
  }
  library.logins.set(slotKey, { sessions: 1, pinMac });
}

function logOut(library: Library, slotKey: string, session: Buffer): void {
  const login = library.logins.get(slotKey);
  if (login === undefined) return;
  login.sessions -= 1;
  if (login.sessions > 0) return;
  library.logins.delete(slotKey);
  quietly(() => library.module.C_Logout(session));
}

function pinRefused(tokenName: string, cause?: unknown): SealdeskError {
  return unavailable(`PKCS#11 ${tokenName} refused the PIN (SEALDESK_PKCS11_PIN).`, cause);
}

/** The `CKR_*` name pkcs11js puts in its message, or the error's type. */
export function errorName(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  return /^CKR_\w+$/.test(message) ? message : error instanceof Error ? error.name : 'error';
}

/** `error` if Sealdesk raised it, else a `key_unavailable` naming the token and the `CKR_*` code. */
export function asKeyUnavailable(error: unknown, tokenName: string): SealdeskError {
  return error instanceof SealdeskError ? error : unavailable(`PKCS#11 ${tokenName} is unavailable (${errorName(error)}).`, error);
}

/** A `key_unavailable` error whose message the CLI shows the operator as it is. */
export function unavailable(userMessage: string, cause?: unknown): SealdeskError {
  return new SealdeskError('key_unavailable', { userMessage, detail: userMessage, cause });
}

function quietly(action: () => void): void {
  try {
    action();
  } catch {
    // Closing down: the session or library may already be gone.
  }
}
