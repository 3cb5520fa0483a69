import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { createBackup, restoreBackup, verifyBackup } from '../../backup/index.js';
import { systemClock } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import { SealdeskError } from '../../errors/index.js';
import { openInstallation } from '../../installation/index.js';

export function backupCommand(): Command {
  const backup = new Command('backup').description('Encrypted, signed backups of the database: create, verify, restore.');
  backup.addCommand(
    new Command('create')
      .description('Write a consistent, encrypted and signed backup of the database while the server runs.')
      .option('--data-dir <dir>', 'data directory (default: $SEALDESK_DATA_DIR or ./.sealdesk)')
      .requiredOption('--out <file>', 'the backup file to write (must not exist); its public key goes to FILE.pub')
      .option('--json', 'print one JSON object instead of text')
      .action(async (options: { dataDir?: string; out: string; json?: boolean }) => {
        const config = loadConfig(options.dataDir === undefined ? process.env : { ...process.env, SEALDESK_DATA_DIR: options.dataDir });
        const installation = await openInstallation({ ...config, clock: systemClock });
        try {
          const out = resolve(options.out);
          const created = await createBackup(installation, out);
          await writeFile(`${out}.pub`, created.publicKey, { mode: 0o644 });
          const rows = Object.values(created.rows).reduce((sum, count) => sum + count, 0);
          if (options.json) {
            process.stdout.write(`${JSON.stringify({ ...created, publicKeyFile: `${out}.pub` })}\n`);
            return;
          }
          process.stdout.write(
            [
              `Backup ${created.backupId} written to ${out} (${created.bytes} bytes; ${Object.keys(created.rows).length} tables, ${rows} rows).`,
              `Encrypted under a fresh key wrapped by root key ${created.rootKeyId}: restoring needs that key.`,
              `Signed by ${created.signer}; public key in ${out}.pub:`,
              created.publicKey.trimEnd(),
              '',
            ].join('\n'),
          );
        } finally {
          await installation.close();
        }
      }),
  );
  backup.addCommand(
    new Command('verify')
      .description('Check a backup\'s format, integrity and signature without decrypting it or any key.')
      .argument('<file>', 'the backup file')
      .option('--public-key <pem-file>', 'also require the backup to be signed by this key (e.g. FILE.pub kept apart)')
      .option('--json', 'print one JSON object instead of text')
      .action(async (file: string, options: { publicKey?: string; json?: boolean }) => {
        const expected = options.publicKey === undefined ? undefined : await readPem(options.publicKey);
        const { backup, contents } = await verifyBackup(resolve(file), expected);
        const summary = {
          ok: true,
          backupId: backup.header.backupId,
          createdAt: backup.header.createdAt,
          database: contents.database,
          schema: contents.migrations[contents.migrations.length - 1],
          rootKeyId: backup.header.encryption.rootKeyId,
          signer: backup.signer,
          signerChecked: expected !== undefined,
          chunks: backup.chunks,
          bytes: backup.bytes,
        };
        if (options.json) {
          process.stdout.write(`${JSON.stringify(summary)}\n`);
          return;
        }
        process.stdout.write(
          [
            `ok   format: sealdesk-backup v1, ${summary.chunks} encrypted chunks, ${summary.bytes} bytes`,
            `ok   integrity: every chunk matches the signed digest`,
            `ok   signature: Ed25519 by ${summary.signer}${expected === undefined ? ' (the key in its header; pass --public-key to check who signed)' : ', the expected key'}`,
            `     backup ${summary.backupId} of ${summary.createdAt}, ${summary.database} at schema ${summary.schema}, root key ${summary.rootKeyId}`,
            'The backup verifies.',
            '',
          ].join('\n'),
        );
      }),
  );
  backup.addCommand(
    new Command('restore')
      .description('Restore a backup into a new data directory; needs the root key provider the backup names.')
      .argument('<file>', 'the backup file')
      .requiredOption('--data-dir <dir>', 'the new data directory (must not exist, or be empty)')
      .option('--root-key <keyfile>', 'the root key file (its passphrase from $SEALDESK_ROOT_PASSPHRASE); for a PKCS#11 root key set SEALDESK_PKCS11_* instead')
      .option('--subject-keys <file>', 'the subject-key vault to place in the new data directory (never inside a backup)')
      .option('--database-url <url>', 'restore into this empty PostgreSQL database (default: $SEALDESK_DATABASE_URL, else SQLite in the data directory)')
      .option('--public-key <pem-file>', 'require the backup to be signed by this key')
      .option('--json', 'print one JSON object instead of text')
      .action(async (file: string, options: { dataDir: string; rootKey?: string; subjectKeys?: string; databaseUrl?: string; publicKey?: string; json?: boolean }) => {
        const config = loadConfig({ ...process.env, SEALDESK_DATA_DIR: options.dataDir, ...(options.databaseUrl !== undefined && { SEALDESK_DATABASE_URL: options.databaseUrl }) });
        const restored = await restoreBackup({
          file: resolve(file),
          dataDir: config.dataDir,
          rootKeyFile: options.rootKey === undefined ? undefined : resolve(options.rootKey),
          rootPassphrase: config.rootPassphrase,
          rootKey: config.rootKey,
          subjectKeys: options.subjectKeys === undefined ? undefined : resolve(options.subjectKeys),
          databaseUrl: config.databaseUrl,
          expectedSigner: options.publicKey === undefined ? undefined : await readPem(options.publicKey),
          environment: config.environment,
          region: config.region,
          clock: systemClock,
        });
        const rows = Object.values(restored.rows).reduce((sum, count) => sum + count, 0);
        process.stdout.write(
          options.json
            ? `${JSON.stringify(restored)}\n`
            : `Restored backup ${restored.backupId} into ${restored.dataDir} (${restored.database}; ${rows} rows). Start it with: sealdesk serve --data-dir ${restored.dataDir}\n`,
        );
      }),
  );
  return backup;
}

async function readPem(path: string): Promise<string> {
  return readFile(path, 'utf8').catch((error: unknown) => {
    throw new SealdeskError('invalid_request', { userMessage: `Cannot read the public key file ${path}.`, cause: error });
  });
}
