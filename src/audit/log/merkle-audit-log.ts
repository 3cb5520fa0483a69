import { type Kysely } from 'kysely';
import type { KeyRing } from '../../crypto/index.js';
import type { Clock } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import type { Database, StoreDialect } from '../../store/index.js';
import type { AuditEvent } from '../audit-event.js';
import type { RecordedAuditEvent } from '../audit-log.js';
import { canonicalJson } from '../canonical-json.js';
import { checkAuditEvent } from '../check-audit-event.js';
import { encodeVerifierKey, formatCheckpoint, signNote, type Ed25519NoteSigner } from '../checkpoint/index.js';
import { emptyRoot, hashLeaf, MerkleTree } from '../merkle/index.js';
import { loadAuditSigner, logOrigin } from './audit-signer.js';
import { SqlTreeNodeStore } from './sql-tree-node-store.js';
import type { AuditEntry, AuditSearch, VerifiableAuditLog } from './verifiable-audit-log.js';

const encoder = new TextEncoder();

/**
 * The audit logs in the database as RFC 9162 Merkle trees. An append is one transaction: lock the
 * log's head row, add the leaf and its new perfect-subtree nodes, store the entry, move the head.
 * So appends from several processes on one PostgreSQL serialise, and a crash leaves no gap.
 */
export class MerkleAuditLog implements VerifiableAuditLog {
  readonly #db: Kysely<Database>;
  readonly #dialect: StoreDialect;
  readonly #keyRing: KeyRing;
  readonly #clock: Clock;
  readonly #signers = new Map<string, Promise<Ed25519NoteSigner>>();

  constructor(options: { db: Kysely<Database>; dialect: StoreDialect; keyRing: KeyRing; clock: Clock }) {
    this.#db = options.db;
    this.#dialect = options.dialect;
    this.#keyRing = options.keyRing;
    this.#clock = options.clock;
  }

  async append(logId: string, event: AuditEvent): Promise<{ index: number }> {
    const body = canonicalJson(checkAuditEvent(event));
    const leafHash = await hashLeaf(encoder.encode(body));
    return this.#db.transaction().execute(async (trx) => {
      const size = await this.#lockHead(trx, logId);
      const tree = new MerkleTree(new SqlTreeNodeStore(trx, logId));
      await tree.append(leafHash, size);
      const root = await tree.rootAt(size + 1);
      await trx
        .insertInto('audit_entries')
        .values({
          log_id: logId,
          idx: size,
          recorded_at: event.time,
          actor_id: event.actor.id,
          action: event.action,
          outcome: event.outcome,
          conversation_id: event.resource.conversation ?? null,
          leaf_hash: Buffer.from(leafHash),
          body,
        })
        .execute();
      await trx
        .updateTable('audit_heads')
        .set({ size: size + 1, root_hash: Buffer.from(root), updated_at: this.#clock.now().toISOString() })
        .where('log_id', '=', logId)
        .execute();
      return { index: size };
    });
  }

  async read(logId: string, start: number, end: number): Promise<RecordedAuditEvent[]> {
    return toEvents(await this.entries(logId, start, end));
  }

  async size(logId: string): Promise<number> {
    const head = await this.#db.selectFrom('audit_heads').select('size').where('log_id', '=', logId).executeTakeFirst();
    return head ? Number(head.size) : 0;
  }

  async entries(logId: string, start: number, end: number): Promise<AuditEntry[]> {
    const rows = await this.#db
      .selectFrom('audit_entries')
      .select(['idx', 'recorded_at', 'leaf_hash', 'body'])
      .where('log_id', '=', logId)
      .where('idx', '>=', start)
      .where('idx', '<', end)
      .orderBy('idx')
      .execute();
    return rows.map((row) => ({ index: Number(row.idx), recordedAt: row.recorded_at, leafHash: new Uint8Array(row.leaf_hash), body: row.body }));
  }

  async search(logId: string, filter: AuditSearch): Promise<RecordedAuditEvent[]> {
    let query = this.#db
      .selectFrom('audit_entries')
      .select(['idx', 'recorded_at', 'leaf_hash', 'body'])
      .where('log_id', '=', logId)
      .where('body', 'is not', null);
    if (filter.actor !== undefined) query = query.where('actor_id', '=', filter.actor);
    if (filter.conversation !== undefined) query = query.where('conversation_id', '=', filter.conversation);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    if (filter.from !== undefined) query = query.where('recorded_at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('recorded_at', '<', filter.to);
    const rows = await query.orderBy('idx').limit(filter.limit).execute();
    return toEvents(rows.map((row) => ({ index: Number(row.idx), recordedAt: row.recorded_at, leafHash: row.leaf_hash, body: row.body })));
  }

  async inclusionProof(logId: string, index: number, size: number): Promise<Uint8Array[]> {
    await this.#requireSize(logId, size);
    if (!(index >= 0 && index < size)) throw outOfRange('index must be below size');
    return this.#tree(logId).inclusionProof(index, size);
  }

  async consistencyProof(logId: string, from: number, to: number): Promise<Uint8Array[]> {
    await this.#requireSize(logId, to);
    if (!(from > 0 && from <= to)) throw outOfRange('from must be at least 1 and at most to');
    return this.#tree(logId).consistencyProof(from, to);
  }

  async checkpoint(logId: string): Promise<string> {
    const head = await this.#db.selectFrom('audit_heads').select(['size', 'root_hash']).where('log_id', '=', logId).executeTakeFirst();
    const size = head ? Number(head.size) : 0;
    const stored = await this.#db
      .selectFrom('audit_checkpoints')
      .select('note')
      .where('log_id', '=', logId)
      .where('size', '=', size)
      .executeTakeFirst();
    if (stored) return stored.note;
    const rootHash = head ? new Uint8Array(head.root_hash) : await emptyRoot();
    // The signing key is sealed under the log's scope key: a signer kept in memory signs only while that key may be used.
    try {
      await this.#keyRing.assertUsable(logId);
    } catch (error) {
      this.#signers.delete(logId);
      throw error;
    }
    const note = await signNote(formatCheckpoint({ origin: logOrigin(logId), size, rootHash }), await this.#signer(logId));
    await this.#db
      .insertInto('audit_checkpoints')
      .values({ log_id: logId, size, note, created_at: this.#clock.now().toISOString() })
      .onConflict((oc) => oc.columns(['log_id', 'size']).doNothing())
      .execute();
    return note;
  }

  /** From the stored public key once there is one, so it is served even when the log's scope key cannot be used. */
  async verifierKey(logId: string): Promise<string> {
    const row = await this.#db.selectFrom('audit_signing_keys').select('public_key').where('log_id', '=', logId).executeTakeFirst();
    if (row) return encodeVerifierKey(logOrigin(logId), new Uint8Array(row.public_key));
    return (await this.#signer(logId)).verifierKey;
  }

  async pruneBodies(logId: string, before: string): Promise<number> {
    const result = await this.#db
      .updateTable('audit_entries')
      .set({ body: null })
      .where('log_id', '=', logId)
      .where('recorded_at', '<', before)
      .where('body', 'is not', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** The log's size, with its head row locked until the transaction ends (created if absent). */
  async #lockHead(trx: Kysely<Database>, logId: string): Promise<number> {
    await trx
      .insertInto('audit_heads')
      .values({ log_id: logId, size: 0, root_hash: Buffer.from(await emptyRoot()), updated_at: this.#clock.now().toISOString() })
      .onConflict((oc) => oc.column('log_id').doNothing())
      .execute();
    const query = trx.selectFrom('audit_heads').select('size').where('log_id', '=', logId);
    const head = await (this.#dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirstOrThrow();
    return Number(head.size);
  }

  async #requireSize(logId: string, size: number): Promise<void> {
    if (!Number.isSafeInteger(size) || size < 1 || size > (await this.size(logId))) {
      throw outOfRange('size must be between 1 and the log\'s current size');
    }
  }

  #tree(logId: string): MerkleTree {
    return new MerkleTree(new SqlTreeNodeStore(this.#db, logId));
  }

  #signer(logId: string): Promise<Ed25519NoteSigner> {
    let signer = this.#signers.get(logId);
    if (!signer) {
      signer = loadAuditSigner(this.#db, this.#keyRing, logId, this.#clock.now());
      signer.catch(() => this.#signers.delete(logId));
      this.#signers.set(logId, signer);
    }
    return signer;
  }
}

/** Parsed events of the entries that still have a body; one that no longer parses is left out (the verifier catches it). */
function toEvents(entries: readonly AuditEntry[]): RecordedAuditEvent[] {
  return entries.flatMap((entry) => {
    if (entry.body === null) return [];
    try {
      return [{ index: entry.index, event: JSON.parse(entry.body) as AuditEvent }];
    } catch {
      return [];
    }
  });
}

function outOfRange(detail: string): SealdeskError {
  return new SealdeskError('invalid_request', { userMessage: `Proof parameters out of range: ${detail}.` });
}

