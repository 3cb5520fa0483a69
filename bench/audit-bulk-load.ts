import SQLite from 'better-sqlite3';
import pg from 'pg';
import { entryColumns, leafBytes, type BenchLog } from './audit-bench-log.js';

/**
 * Bulk loading of a {@link BenchLog} into `audit_entries` and `audit_tree_nodes` — the rows a
 * million calls of `MerkleAuditLog.append` would leave, written in one transaction instead. The
 * head row is set afterwards by the caller, from the log's own code.
 */

/** SQLite: prepared inserts in one transaction on a second connection to the same file. */
export function loadSqlite(path: string, logId: string, log: BenchLog): void {
  const db = new SQLite(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const entry = db.prepare(
      'insert into audit_entries (log_id, idx, recorded_at, actor_id, action, outcome, conversation_id, leaf_hash, body) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const node = db.prepare('insert into audit_tree_nodes (log_id, level, idx, hash) values (?, ?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < log.size; i++) {
        const columns = entryColumns(log, i);
        const hash = log.levels[0]!.subarray(i * 32, i * 32 + 32);
        entry.run(logId, i, columns.recordedAt, columns.actorId, columns.action, columns.outcome, columns.conversationId, hash, leafBytes(log, i).toString('utf8'));
      }
      log.levels.forEach((level, l) => {
        for (let k = 0; k < level.length / 32; k++) node.run(logId, l, k, level.subarray(k * 32, k * 32 + 32));
      });
    })();
  } finally {
    db.close();
  }
}

const CHUNK = 5000;

/** PostgreSQL: `insert … select from unnest(arrays)` in chunks of 5,000 rows, in one transaction. */
export async function loadPostgres(url: string, logId: string, log: BenchLog): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    for (let start = 0; start < log.size; start += CHUNK) {
      const indexes = Array.from({ length: Math.min(CHUNK, log.size - start) }, (_, i) => start + i);
      const columns = indexes.map((i) => entryColumns(log, i));
      await client.query(
        `insert into audit_entries (log_id, idx, recorded_at, actor_id, action, outcome, conversation_id, leaf_hash, body)
         select $1, * from unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bytea[], $9::text[])`,
        [
          logId,
          indexes,
          columns.map((c) => c.recordedAt),
          columns.map((c) => c.actorId),
          columns.map((c) => c.action),
          columns.map((c) => c.outcome),
          columns.map((c) => c.conversationId),
          indexes.map((i) => log.levels[0]!.subarray(i * 32, i * 32 + 32)),
          indexes.map((i) => leafBytes(log, i).toString('utf8')),
        ],
      );
    }
    for (const [l, level] of log.levels.entries()) {
      const count = level.length / 32;
      for (let start = 0; start < count; start += CHUNK) {
        const indexes = Array.from({ length: Math.min(CHUNK, count - start) }, (_, i) => start + i);
        await client.query(
          'insert into audit_tree_nodes (log_id, level, idx, hash) select $1, $2, * from unnest($3::int[], $4::bytea[])',
          [logId, l, indexes, indexes.map((k) => level.subarray(k * 32, k * 32 + 32))],
        );
      }
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
