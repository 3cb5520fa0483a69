import { access } from 'node:fs/promises';
import { OPERATOR_LOG } from '../audit/index.js';
import { newId } from '../common/index.js';
import { BackupFileWriter, publicKeyFingerprint, type BackupHeader } from '../crypto/index.js';
import { SealdeskError } from '../errors/index.js';
import { readMarker, type Installation } from '../installation/index.js';
import { exportSnapshot, type RowCounts } from '../store/index.js';
import type { BackupContents } from './backup-contents.js';
import { loadBackupSigningKey } from './backup-signing-key.js';
import { endLine, rowsLine, tableLine } from './snapshot-lines.js';

export interface CreatedBackup {
  readonly path: string;
  readonly backupId: string;
  readonly bytes: number;
  readonly chunks: number;
  readonly rows: RowCounts;
  /** The signer's public key (PEM), also in the header. */
  readonly publicKey: string;
  /** `SHA256:…` of the public key. */
  readonly signer: string;
  readonly rootKeyId: string;
}

/**
 * Writes an encrypted, signed backup of a running installation's database to `out` (refusing an
 * existing file): a consistent snapshot of every table (`exportSnapshot`), encrypted under a
 * fresh key wrapped by the installation's root key provider, signed with its backup signing key.
 * The backup holds the database only: never the root key file or a PIN, never the subject-key
 * vault (`subject-keys.db`) or any other file of the data directory. A `backup.created` event
 * is appended to the operator's log first, so the backup holds the record of its own making.
 */
export async function createBackup(installation: Installation, out: string, options: { readonly batchRows?: number; readonly chunkBytes?: number } = {}): Promise<CreatedBackup> {
  const { store, keyRing, audit, clock, root } = installation;
  if (await access(out).then(() => true, () => false)) {
    throw new SealdeskError('invalid_request', { userMessage: `${out} already exists; refusing to overwrite it.` });
  }
  const marker = await readMarker(installation.paths.marker);
  const backupId = newId('backup');
  const signingKey = await loadBackupSigningKey(store.db, keyRing, clock.now());
  await audit.append(OPERATOR_LOG, {
    v: 1,
    time: clock.now().toISOString(),
    actor: { id: 'system', kind: 'system', role: 'system:backup', team: null, tenant: null },
    action: 'backup.created',
    resource: { tenant: null },
    channel: 'cli',
    reason: { rule: 'backup', grant: null, ticket: null },
    outcome: 'allowed',
    requestId: newId('request'),
    details: { backupId },
  });
  let writer: BackupFileWriter | undefined;
  let header: BackupHeader | undefined;
  try {
    const rows = await exportSnapshot(
      store,
      {
        async begin(source) {
          const contents: BackupContents = { database: source.dialect, migrations: [...source.migrations], installation: marker };
          ({ writer, header } = await BackupFileWriter.create(out, {
            backupId,
            createdAt: clock.now().toISOString(),
            contents,
            root,
            signingKey,
            chunkBytes: options.chunkBytes,
          }));
        },
        table: (table) => writer!.write(Buffer.from(tableLine(table))),
        rows: (batch) => writer!.write(Buffer.from(rowsLine(batch))),
      },
      { batchRows: options.batchRows },
    );
    await writer!.write(Buffer.from(endLine(rows)));
    const done = await writer!.finish();
    writer = undefined;
    const publicKey = header!.signing.publicKey;
    return { path: out, backupId, ...done, rows, publicKey, signer: publicKeyFingerprint(publicKey), rootKeyId: root.keyId };
  } catch (error) {
    await writer?.abort();
    throw error;
  }
}
