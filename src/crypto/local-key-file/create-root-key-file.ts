import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { SealdeskError } from '../../errors/index.js';
import { SecretKey } from '../secret-key.js';
import { LocalKeyFileProvider } from './local-key-file-provider.js';
import type { RootKeyFileJson } from './root-key-file-format.js';
import { scryptProtect } from './scrypt-protection.js';

/**
 * Generates a 256-bit root key and writes it to a new file at `path` with mode 0600, encrypted
 * under `passphrase` if one is given. Never overwrites: an existing file throws
 * `already_initialised`. An empty passphrase throws `config_invalid`.
 */
export async function createRootKeyFile(
  path: string,
  options: { passphrase?: string } = {},
): Promise<LocalKeyFileProvider> {
  const { passphrase } = options;
  if (passphrase === '') throw new SealdeskError('config_invalid', { detail: 'root key passphrase is empty' });
  const keyId = `root-${randomBytes(8).toString('hex')}`;
  const material = randomBytes(32);
  try {
    const header = { format: 'sealdesk-root-key', version: 1, keyId } as const;
    const file: RootKeyFileJson =
      passphrase === undefined
        ? { ...header, protection: 'none', key: material.toString('base64') }
        : { ...header, protection: 'scrypt', ...(await scryptProtect(material, keyId, passphrase)) };
    await writeNewFile(path, `${JSON.stringify(file, null, 2)}\n`);
    return new LocalKeyFileProvider(keyId, new SecretKey(material, 1));
  } finally {
    material.fill(0);
  }
}

async function writeNewFile(path: string, content: string): Promise<void> {
  const handle = await open(path, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST') {
      throw new SealdeskError('already_initialised', { detail: `root key file ${path} already exists` });
    }
    throw new SealdeskError('config_invalid', { detail: `cannot create root key file ${path}`, cause: error });
  });
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}
