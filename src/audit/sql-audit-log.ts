import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/index.js';
import type { AuditEvent } from './audit-event.js';
import type { AuditLog, RecordedAuditEvent } from './audit-log.js';
import { canonicalJson } from './canonical-json.js';

/**
 * Audit log over the database: one gap-free sequence per log, appends serialised in the
 * database (an advisory lock on PostgreSQL; SQLite's write lock), entries as canonical JSON.
 */
export class SqlAuditLog implements AuditLog {
  readonly #db: Kysely<Database>;
  readonly #dialect: 'sqlite' | 'postgres';

  constructor(db: Kysely<Database>, dialect: 'sqlite' | 'postgres') {
    this.#db = db;
    this.#dialect = dialect;
  }

  async append(logId: string, event: AuditEvent): Promise<{ index: number }> {
    const body = canonicalJson(event);
    return this.#db.transaction().execute(async (trx) => {
      if (this.#dialect === 'postgres') {
        await sql`select pg_advisory_xact_lock(hashtextextended(${logId}, 0))`.execute(trx);
      }
      const last = await trx
        .selectFrom('audit_events')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('scope', '=', logId)
        .executeTakeFirst();
      const index = last?.seq === null || last?.seq === undefined ? 0 : Number(last.seq) + 1;
      await trx.insertInto('audit_events').values({ scope: logId, seq: index, recorded_at: event.time, body }).execute();
      return { index };
    });
  }

  async read(logId: string, start: number, end: number): Promise<RecordedAuditEvent[]> {
    const rows = await this.#db
      .selectFrom('audit_events')
      .select(['seq', 'body'])
      .where('scope', '=', logId)
      .where('seq', '>=', start)
      .where('seq', '<', end)
      .orderBy('seq')
      .execute();
    return rows.map((row) => ({ index: Number(row.seq), event: JSON.parse(row.body) as AuditEvent }));
  }
}
