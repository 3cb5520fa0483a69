import { join } from 'node:path';

/** Where an installation keeps its files. The directory is created with mode 0700. */
export function dataDirPaths(dataDir: string) {
  return {
    dataDir,
    marker: join(dataDir, 'installation.json'),
    rootKey: join(dataDir, 'root.key'),
    sqlite: join(dataDir, 'sealdesk.db'),
    /** Contacts' subject keys, apart from the database and from every backup (see docs/keys.md). */
    subjectKeys: join(dataDir, 'subject-keys.db'),
    tlsDir: join(dataDir, 'tls'),
    tlsCert: join(dataDir, 'tls', 'cert.pem'),
    tlsKey: join(dataDir, 'tls', 'key.pem'),
    logDir: join(dataDir, 'logs'),
    log: join(dataDir, 'logs', 'sealdesk.log'),
  };
}

export type DataDirPaths = ReturnType<typeof dataDirPaths>;

/** Where a root key version made by `keys rotate-root` is kept: `DATA_DIR/<keyId>.key` (the first stays `root.key`). */
export function rootKeyVersionPath(paths: DataDirPaths, keyId: string): string {
  return join(paths.dataDir, `${keyId}.key`);
}
