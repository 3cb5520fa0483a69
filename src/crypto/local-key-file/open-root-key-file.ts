import { open } from 'node:fs/promises';
import { SealdeskError } from '../../errors/index.js';
import { SecretKey } from '../secret-key.js';
import { LocalKeyFileProvider } from './local-key-file-provider.js';
import { type RootKeyFile, RootKeyFileSchema } from './root-key-file-format.js';
import { scryptUnprotect } from './scrypt-protection.js';

/**
 * Opens the root key file at `path`. Fails closed with `key_unavailable` if the file is missing,
 * is accessible by group or others (run `chmod 600`), is malformed, or if its passphrase is
 * missing or wrong, or a passphrase is given for an unprotected file.
 */
export async function openRootKeyFile(
  path: string,
  options: { passphrase?: string } = {},
): Promise<LocalKeyFileProvider> {
  const file = parse(await readPrivateFile(path));
  if (file.protection === 'none' && options.passphrase !== undefined) {
    throw unavailable(`root key file ${path} is not passphrase-protected but a passphrase was given`);
  }
  const material = file.protection === 'none' ? file.key : await scryptUnprotect(file, options.passphrase);
  try {
    return new LocalKeyFileProvider(file.keyId, new SecretKey(material, 1));
  } finally {
    material.fill(0);
  }
}

async function readPrivateFile(path: string): Promise<string> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw unavailable(`cannot open root key file ${path}`, error);
  });
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw unavailable(`root key file ${path} is not a regular file`);
    if ((stats.mode & 0o077) !== 0) {
      throw unavailable(`root key file ${path} is accessible by group or others; run chmod 600 ${path}`);
    }
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

function parse(text: string): RootKeyFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw unavailable('root key file is not valid JSON');
  }
  const result = RootKeyFileSchema.safeParse(json);
  if (!result.success) throw unavailable('root key file is malformed');
  return result.data;
}

function unavailable(detail: string, cause?: unknown): SealdeskError {
  return new SealdeskError('key_unavailable', { detail, cause });
}
