import { readFile, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { wrapForImport } from '../../crypto/index.js';
import { SealdeskError } from '../../errors/index.js';

interface WrapOptions {
  parameters?: string;
  publicKey?: string;
  label?: string;
  key: string;
  out?: string;
}

/**
 * `sealdesk keys wrap-for-import`: the customer's side of BYOK without writing code. Wraps a local
 * 32-byte key file with RSA-OAEP-256 to the public key and label of a tenant's import parameters
 * (the JSON of `GET /v1/tenants/{id}/key/import-parameters`, or the PEM and label apart) and
 * prints the base64 to send as `wrappedKey`. Needs no data directory: it runs wherever the key is.
 */
export function wrapForImportCommand(): Command {
  return new Command('wrap-for-import')
    .description("Wrap a 32-byte key file for a BYOK import: RSA-OAEP-256 to the import parameters' public key and label. Prints the wrapped key as base64.")
    .option('--parameters <file>', 'the import parameters JSON (from GET /v1/tenants/{id}/key/import-parameters)')
    .option('--public-key <file>', 'the public key (SPKI PEM), instead of --parameters')
    .option('--label <label>', "the import's OAEP label (oaep.label), with --public-key")
    .requiredOption('--key <file>', 'the key to import: a file of exactly 32 bytes (e.g. openssl rand -out tenant.key 32)')
    .option('--out <file>', 'write the base64 here instead of standard output')
    .action(async (options: WrapOptions) => {
      const { publicKey, label } = await wrappingInput(options);
      const key = await readInput(options.key, 'key file');
      try {
        const wrapped = wrapForImport(publicKey, key, Buffer.from(label, 'utf8')).toString('base64');
        if (options.out === undefined) process.stdout.write(`${wrapped}\n`);
        else await writeFile(options.out, `${wrapped}\n`, { mode: 0o600 });
      } finally {
        key.fill(0);
      }
    });
}

async function wrappingInput(options: WrapOptions): Promise<{ publicKey: string; label: string }> {
  if (options.parameters !== undefined) {
    if (options.publicKey !== undefined || options.label !== undefined) throw usage('Give --parameters, or --public-key with --label, not both.');
    let parsed: unknown;
    try {
      parsed = JSON.parse((await readInput(options.parameters, 'parameters file')).toString('utf8'));
    } catch (error) {
      if (error instanceof SealdeskError) throw error;
      throw usage(`${options.parameters} is not JSON.`);
    }
    const parameters = parsed as { wrappingKey?: { publicKey?: unknown }; oaep?: { label?: unknown } };
    const publicKey = parameters.wrappingKey?.publicKey;
    const label = parameters.oaep?.label;
    if (typeof publicKey !== 'string' || typeof label !== 'string') throw usage(`${options.parameters} is not a Sealdesk import parameters document (no wrappingKey.publicKey or oaep.label).`);
    return { publicKey, label };
  }
  if (options.publicKey === undefined || options.label === undefined) throw usage('Give --parameters FILE, or --public-key FILE with --label LABEL.');
  return { publicKey: (await readInput(options.publicKey, 'public key file')).toString('utf8'), label: options.label };
}

async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch {
    throw usage(`Cannot read the ${what} ${path}.`);
  }
}

function usage(userMessage: string): SealdeskError {
  return new SealdeskError('invalid_request', { userMessage });
}
