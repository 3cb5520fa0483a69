import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle, type LogBundle } from '../../src/audit/client/index.js';
import { SqlTreeNodeStore } from '../../src/audit/log/sql-tree-node-store.js';
import { hashLeaf, MerkleTree } from '../../src/audit/merkle/index.js';
import type { Database } from '../../src/store/index.js';
import type { Kysely, Selectable } from 'kysely';
import type { AuditEntriesTable, AuditCheckpointsTable } from '../../src/store/schema.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';

const [sqlite] = await testDatabases();

type Entry = Selectable<AuditEntriesTable>;
type Mutation =
  | { kind: 'flip-byte'; at: number; position: number }
  | { kind: 'delete'; at: number }
  | { kind: 'reorder'; at: number; with: number }
  | { kind: 'insert'; at: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'forge-signature'; position: number }
  | { kind: 'rewrite-history'; at: number };

describe('tampering with the stored log', () => {
  let sd: TestInstallation;
  let tenantId: string;
  let auditorKey: string;
  let verifierKey: string;
  let kept: string;
  let original: { entries: Entry[]; checkpoints: Selectable<AuditCheckpointsTable>[] };
  let db: Kysely<Database>;

  async function get(path: string): Promise<string> {
    const response = await sd.request('GET', `/v1/tenants/${tenantId}/audit${path}`, { token: auditorKey });
    if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
    return response.body;
  }

  /** What a customer fetches to check the whole log against the checkpoint they kept. */
  async function fetchBundle(): Promise<LogBundle> {
    const checkpoint = await get('/checkpoint');
    const size = Number(checkpoint.split('\n')[1]);
    const entries = JSON.parse(await get(`/entries?start=0&end=${size}`)).entries as { leafBytes: string | null; leafHash: string }[];
    const keptSize = Number(kept.split('\n')[1]);
    const consistency = size >= keptSize ? JSON.parse(await get(`/proof/consistency?from=${keptSize}&to=${size}`)) : undefined;
    return {
      format: 'sealdesk-audit-bundle/v1',
      checkpoint,
      ...(consistency && { consistency }),
      fullLog: entries.map((entry) => (entry.leafBytes === null ? { leafHash: entry.leafHash } : { leafBytes: entry.leafBytes })),
    };
  }

  async function restore(): Promise<void> {
    await db.deleteFrom('audit_entries').where('log_id', '=', tenantId).execute();
    await db.insertInto('audit_entries').values(original.entries).execute();
    await db.deleteFrom('audit_checkpoints').where('log_id', '=', tenantId).execute();
    if (original.checkpoints.length > 0) await db.insertInto('audit_checkpoints').values(original.checkpoints).execute();
    await rebuildTree(original.entries);
  }

  /** Recomputes every stored node and the head from the entries: what an attacker with the database would do. */
  async function rebuildTree(entries: readonly Entry[]): Promise<void> {
    await db.deleteFrom('audit_tree_nodes').where('log_id', '=', tenantId).execute();
    const tree = new MerkleTree(new SqlTreeNodeStore(db, tenantId));
    const sorted = [...entries].sort((a, b) => a.idx - b.idx);
    for (const [position, entry] of sorted.entries()) await tree.append(new Uint8Array(entry.leaf_hash), position);
    await db.updateTable('audit_heads').set({ size: sorted.length, root_hash: Buffer.from(await tree.rootAt(sorted.length)) }).where('log_id', '=', tenantId).execute();
  }

  async function apply(mutation: Mutation, entries: Entry[]): Promise<void> {
    const pick = (at: number) => entries[at % entries.length]!;
    switch (mutation.kind) {
      case 'flip-byte': {
        const entry = pick(mutation.at);
        const body = entry.body!;
        const position = mutation.position % body.length;
        const changed = body.slice(0, position) + (body[position] === 'x' ? 'y' : 'x') + body.slice(position + 1);
        await db.updateTable('audit_entries').set({ body: changed }).where('log_id', '=', tenantId).where('idx', '=', entry.idx).execute();
        return;
      }
      case 'delete':
        await db.deleteFrom('audit_entries').where('log_id', '=', tenantId).where('idx', '=', pick(mutation.at).idx).execute();
        return;
      case 'reorder': {
        const a = pick(mutation.at);
        const b = entries[(mutation.at + 1 + (mutation.with % (entries.length - 1))) % entries.length]!;
        await db.updateTable('audit_entries').set({ body: b.body, leaf_hash: b.leaf_hash }).where('log_id', '=', tenantId).where('idx', '=', a.idx).execute();
        await db.updateTable('audit_entries').set({ body: a.body, leaf_hash: a.leaf_hash }).where('log_id', '=', tenantId).where('idx', '=', b.idx).execute();
        return;
      }
      case 'insert': {
        const at = pick(mutation.at).idx;
        const forged = pick(mutation.at + 1).body!.replace('"outcome":"allowed"', '"outcome":"denied"').replace('"outcome":"denied"', '"outcome":"allowed"');
        const shifted = entries.map((entry) => (entry.idx >= at ? { ...entry, idx: entry.idx + 1 } : entry));
        const inserted = { ...pick(mutation.at), idx: at, body: forged, leaf_hash: Buffer.from(await hashLeaf(new TextEncoder().encode(forged))) };
        await db.deleteFrom('audit_entries').where('log_id', '=', tenantId).execute();
        await db.insertInto('audit_entries').values([...shifted, inserted]).execute();
        return;
      }
      case 'truncate':
        await db.deleteFrom('audit_entries').where('log_id', '=', tenantId).where('idx', '>=', Math.max(1, pick(mutation.at).idx)).execute();
        return;
      case 'forge-signature': {
        const latest = original.checkpoints.reduce((a, b) => (a.size > b.size ? a : b));
        const [text, signatures] = latest.note.split('\n\n') as [string, string];
        const signature = signatures.slice(signatures.lastIndexOf(' ') + 1);
        const bytes = Buffer.from(signature, 'base64');
        bytes[4 + (mutation.position % (bytes.length - 4))]! ^= 0x01;
        const note = `${text}\n\n${signatures.slice(0, signatures.lastIndexOf(' ') + 1)}${bytes.toString('base64')}`;
        await db.updateTable('audit_checkpoints').set({ note }).where('log_id', '=', tenantId).where('size', '=', latest.size).execute();
        return;
      }
      case 'rewrite-history': {
        // Change an old entry, recompute every hash and drop the stored checkpoints, so that the
        // server signs the forged tree; only the checkpoint the customer kept can reveal it.
        const keptSize = Number(kept.split('\n')[1]);
        const victim = entries[mutation.at % keptSize]!;
        const forged = victim.body!.replace(/"outcome":"(allowed|denied)"/, (_m, outcome) => `"outcome":"${outcome === 'allowed' ? 'denied' : 'allowed'}"`);
        const leafHash = Buffer.from(await hashLeaf(new TextEncoder().encode(forged)));
        await db.updateTable('audit_entries').set({ body: forged, leaf_hash: leafHash }).where('log_id', '=', tenantId).where('idx', '=', victim.idx).execute();
        await db.deleteFrom('audit_checkpoints').where('log_id', '=', tenantId).execute();
        await rebuildTree(entries.map((entry) => (entry.idx === victim.idx ? { ...entry, body: forged, leaf_hash: leafHash } : entry)));
        return;
      }
    }
  }

  beforeAll(async () => {
    sd = await createTestInstallation(sqlite!);
    db = sd.installation.store.db;
    tenantId = (await sd.request('POST', '/v1/tenants', { token: sd.operatorKey, body: { name: 'Acme' } })).json().id;
    const owner = (
      await sd.request('POST', `/v1/tenants/${tenantId}/members`, { token: sd.operatorKey, body: { email: 'o@a.test', name: 'O', role: 'owner' } })
    ).json().apiKey;
    auditorKey = (
      await sd.request('POST', `/v1/tenants/${tenantId}/members`, { token: owner, body: { email: 'au@a.test', name: 'A', role: 'auditor' } })
    ).json().apiKey;
    for (let i = 0; i < 6; i++) {
      const { id } = (
        await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, { token: owner, body: { contact: { name: `C${i}` }, message: { body: 'hi' } } })
      ).json();
      await sd.request('GET', `/v1/conversations/${id}`, { token: owner });
    }
    verifierKey = (await get('/key')).trim();
    kept = await get('/checkpoint');
    for (let i = 0; i < 3; i++) await sd.request('GET', `/v1/tenants/${tenantId}/conversations`, { token: owner });
    await get('/checkpoint');
    original = {
      entries: await db.selectFrom('audit_entries').selectAll().where('log_id', '=', tenantId).orderBy('idx').execute(),
      checkpoints: await db.selectFrom('audit_checkpoints').selectAll().where('log_id', '=', tenantId).execute(),
    };
  });

  afterAll(async () => {
    await sd?.close();
  });

  it('a clean log always verifies', async () => {
    const report = await verifyBundle(await fetchBundle(), verifierKey, kept);
    expect(report.ok, JSON.stringify(report.checks)).toBe(true);
  });

  it('every mutation is detected by the verifier', async () => {
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      fc.record({ kind: fc.constant('flip-byte' as const), at: fc.nat(), position: fc.nat() }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('reorder' as const), at: fc.nat(), with: fc.nat() }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('forge-signature' as const), position: fc.nat() }),
      fc.record({ kind: fc.constant('rewrite-history' as const), at: fc.nat() }),
    );
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(mutation, async (change) => {
        seen.add(change.kind);
        // Start from the log as captured: fetching a bundle appends `audit.read` entries.
        await restore();
        await apply(change, original.entries);
        try {
          // Either the verifier rejects what the server sends, or the server cannot even serve it
          // (a forged row collides with the next append); both stop a customer from trusting it.
          const report = await fetchBundle()
            .then((bundle) => verifyBundle(bundle, verifierKey, kept))
            .catch(() => ({ ok: false, checks: [] }));
          expect(report.ok, `${JSON.stringify(change)} went undetected: ${JSON.stringify(report.checks)}`).toBe(false);
        } finally {
          await restore();
        }
      }),
      // The first example once went undetected because the log had grown since it was captured.
      { numRuns: 70, examples: [[{ kind: 'forge-signature', position: 17 }]] },
    );
    expect(seen.size).toBe(7);
    const report = await verifyBundle(await fetchBundle(), verifierKey, kept);
    expect(report.ok).toBe(true);
  });
});
