import { chmodSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import type { KeyCursor, KeyKind, SubjectKeyVault, WrappedKeyRecord } from '../crypto/index.js';
import { SealdeskError } from '../errors/index.js';

interface VaultRow {
  scope: string;
  purpose: string;
  version: number;
  parent_version: number;
  wrapped_key: Buffer;
  created_at: string;
}

/**
 * The subject-key vault: one small SQLite file (`DATA_DIR/subject-keys.db`, mode 0600) holding
 * each contact's wrapped subject key — whatever database the installation uses, and never inside
 * a database backup. `secure_delete` zeroes a destroyed key's bytes in the file, and the rollback
 * journal (not WAL, which would keep old pages until a checkpoint) is truncated after each write.
 */
export class SqliteSubjectKeyVault implements SubjectKeyVault {
  readonly #db: SQLite.Database;

  constructor(path: string) {
    this.#db = new SQLite(path);
    chmodSync(path, 0o600);
    this.#db.pragma('journal_mode = TRUNCATE');
    this.#db.pragma('secure_delete = ON');
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(`CREATE TABLE IF NOT EXISTS subject_keys (
      scope TEXT NOT NULL,
      purpose TEXT NOT NULL,
      version INTEGER NOT NULL,
      parent_version INTEGER NOT NULL,
      wrapped_key BLOB NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (scope, purpose, version)
    )`);
  }

  async latest(scope: string, kind: KeyKind, purpose: string): Promise<WrappedKeyRecord | undefined> {
    if (kind !== 'data') return undefined;
    const row = this.#db.prepare('SELECT * FROM subject_keys WHERE scope = ? AND purpose = ? ORDER BY version DESC LIMIT 1').get(scope, purpose) as VaultRow | undefined;
    return row && toRecord(row);
  }

  async get(scope: string, kind: KeyKind, purpose: string, version: number): Promise<WrappedKeyRecord | undefined> {
    if (kind !== 'data') return undefined;
    const row = this.#db.prepare('SELECT * FROM subject_keys WHERE scope = ? AND purpose = ? AND version = ?').get(scope, purpose, version) as VaultRow | undefined;
    return row && toRecord(row);
  }

  async insert(record: WrappedKeyRecord): Promise<void> {
    if (record.kind !== 'data') throw new SealdeskError('internal', { detail: 'the subject-key vault holds data keys only' });
    try {
      this.#db
        .prepare('INSERT INTO subject_keys (scope, purpose, version, parent_version, wrapped_key, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(record.scope, record.purpose, record.version, record.parentVersion, record.wrappedKey, record.createdAt);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new SealdeskError('conflict', { detail: 'subject key version exists' });
      throw error;
    }
  }

  async list(scope: string, kind: KeyKind, after: KeyCursor | undefined, limit: number): Promise<WrappedKeyRecord[]> {
    if (kind !== 'data') return [];
    const rows = (
      after === undefined
        ? this.#db.prepare('SELECT * FROM subject_keys WHERE scope = ? ORDER BY purpose, version LIMIT ?').all(scope, limit)
        : this.#db
            .prepare('SELECT * FROM subject_keys WHERE scope = ? AND (purpose > ? OR (purpose = ? AND version > ?)) ORDER BY purpose, version LIMIT ?')
            .all(scope, after.purpose, after.purpose, after.version, limit)
    ) as VaultRow[];
    return rows.map(toRecord);
  }

  async rewrap(record: WrappedKeyRecord, previousParentVersion: number): Promise<boolean> {
    const result = this.#db
      .prepare('UPDATE subject_keys SET wrapped_key = ?, parent_version = ? WHERE scope = ? AND purpose = ? AND version = ? AND parent_version = ?')
      .run(record.wrappedKey, record.parentVersion, record.scope, record.purpose, record.version, previousParentVersion);
    return result.changes > 0;
  }

  async destroy(scope: string, purpose: string): Promise<number> {
    return this.#db.prepare('DELETE FROM subject_keys WHERE scope = ? AND purpose = ?').run(scope, purpose).changes;
  }

  async destroyScope(scope: string): Promise<number> {
    return this.#db.prepare('DELETE FROM subject_keys WHERE scope = ?').run(scope).changes;
  }

  close(): void {
    this.#db.close();
  }
}

function toRecord(row: VaultRow): WrappedKeyRecord {
  return {
    scope: row.scope,
    kind: 'data',
    purpose: row.purpose,
    version: row.version,
    parentVersion: row.parent_version,
    wrappedKey: Buffer.from(row.wrapped_key),
    createdAt: row.created_at,
  };
}
