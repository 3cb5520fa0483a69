import { SealdeskError } from '../errors/index.js';
import type { KeyCursor, KeyKind, SubjectKeyVault, WrappedKeyRecord, WrappedKeyStore } from './wrapped-key-store.js';

/** An in-memory `WrappedKeyStore` (and subject-key vault) for tests. Records are copied in and out. */
export class MemoryWrappedKeyStore implements WrappedKeyStore, SubjectKeyVault {
  readonly #records = new Map<string, WrappedKeyRecord>();

  async latest(scope: string, kind: KeyKind, purpose: string): Promise<WrappedKeyRecord | undefined> {
    let found: WrappedKeyRecord | undefined;
    for (const record of this.#records.values()) {
      const matches = record.scope === scope && record.kind === kind && record.purpose === purpose;
      if (matches && (found === undefined || record.version > found.version)) found = record;
    }
    return found && copy(found);
  }

  async get(scope: string, kind: KeyKind, purpose: string, version: number): Promise<WrappedKeyRecord | undefined> {
    const record = this.#records.get(recordId(scope, kind, purpose, version));
    return record && copy(record);
  }

  async insert(record: WrappedKeyRecord): Promise<void> {
    const id = recordId(record.scope, record.kind, record.purpose, record.version);
    if (this.#records.has(id)) throw new SealdeskError('conflict', { detail: 'wrapped key version exists' });
    this.#records.set(id, copy(record));
  }

  async list(scope: string, kind: KeyKind, after: KeyCursor | undefined, limit: number): Promise<WrappedKeyRecord[]> {
    return [...this.#records.values()]
      .filter((record) => record.scope === scope && record.kind === kind && (after === undefined || compareCursor(record, after) > 0))
      .sort(compareCursor)
      .slice(0, limit)
      .map(copy);
  }

  async rewrap(record: WrappedKeyRecord, previousParentVersion: number): Promise<boolean> {
    const id = recordId(record.scope, record.kind, record.purpose, record.version);
    const stored = this.#records.get(id);
    if (stored === undefined || stored.parentVersion !== previousParentVersion) return false;
    this.#records.set(id, { ...stored, parentVersion: record.parentVersion, wrappedKey: Buffer.from(record.wrappedKey) });
    return true;
  }

  async destroy(scope: string, purpose: string): Promise<number> {
    return this.#destroyWhere((record) => record.scope === scope && record.purpose === purpose);
  }

  async destroyScope(scope: string): Promise<number> {
    return this.#destroyWhere((record) => record.scope === scope);
  }

  #destroyWhere(matches: (record: WrappedKeyRecord) => boolean): number {
    let destroyed = 0;
    for (const [id, record] of this.#records) {
      if (matches(record)) {
        record.wrappedKey.fill(0);
        this.#records.delete(id);
        destroyed += 1;
      }
    }
    return destroyed;
  }
}

function recordId(scope: string, kind: KeyKind, purpose: string, version: number): string {
  return JSON.stringify([scope, kind, purpose, version]);
}

function compareCursor(a: KeyCursor, b: KeyCursor): number {
  return a.purpose < b.purpose ? -1 : a.purpose > b.purpose ? 1 : a.version - b.version;
}

function copy(record: WrappedKeyRecord): WrappedKeyRecord {
  return { ...record, wrappedKey: Buffer.from(record.wrappedKey) };
}
