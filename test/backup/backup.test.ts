import SQLite from 'better-sqlite3';
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchLogBundle, verifyBundle } from '../../src/audit/client/index.js';
import { createBackup, restoreBackup, verifyBackup } from '../../src/backup/index.js';
import { systemClock } from '../../src/common/index.js';
import { contactFieldBinding } from '../../src/conversations/bindings.js';
import { BackupFileWriter, createRootKeyFile, openRootKeyFile, systemJustification } from '../../src/crypto/index.js';
import { isSealdeskError } from '../../src/errors/index.js';
import { openInstallation, type Installation } from '../../src/installation/index.js';
import type { Database } from '../../src/store/index.js';
import { serveInstallation, startRunningServer, type RunningServer } from '../support/running-server.js';
import { envWith, sealdesk } from '../support/sealdesk-cli.js';
import { testDatabases, type TestDatabase } from '../support/test-databases.js';

const databases = await testDatabases();

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isSealdeskError(error)) return { code: error.code, message: error.userMessage };
    throw error;
  }
  throw new Error('expected a rejection');
}

/** Every row of every application table, keyed by table, in primary-key order. */
async function allRows(db: Kysely<Database>, tables: readonly string[]): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {};
  for (const table of tables) {
    const all = await (db as unknown as Kysely<Record<string, Record<string, unknown>>>).selectFrom(table).selectAll().execute();
    rows[table] = all.map((row) => JSON.stringify(row, (_, value) => (value?.type === 'Buffer' ? Buffer.from(value.data).toString('hex') : value))).sort();
  }
  return rows;
}

describe.each(databases)('encrypted backups on $dialect', { timeout: 60_000 }, (database: TestDatabase) => {
  let directory: string;
  let server: RunningServer;
  let source: { dataDir: string; databaseUrl: string | undefined; drop(): Promise<void> };
  const restoredDatabases: { drop(): Promise<void> }[] = [];
  let lastRestoredUrl: string | undefined;
  let tenantId: string;
  let owner: string;
  let auditor: string;
  const file = (name: string) => join(directory, name);

  /** A fresh target database for a restore: a PostgreSQL database, or SQLite inside the new data directory. */
  async function targetDatabase(): Promise<string | undefined> {
    if (database.dialect === 'sqlite') return undefined;
    const target = await database.create();
    restoredDatabases.push(target);
    lastRestoredUrl = (target.location as { databaseUrl: string }).databaseUrl;
    return lastRestoredUrl;
  }

  async function createConversation(token: string, body: string) {
    const created = await server.call('POST', `/v1/tenants/${tenantId}/conversations`, { token, body: { contact: { email: 'jane@example.test', name: 'Jane' }, message: { body } } });
    expect(created.status, created.text).toBe(201);
    return created.json.id as string;
  }

  async function createConversationFor(token: string, email: string, body: string) {
    const created = await server.call('POST', `/v1/tenants/${tenantId}/conversations`, { token, body: { contact: { email, name: 'Someone' }, message: { body } } });
    expect(created.status, created.text).toBe(201);
  }

  async function withInstallation<T>(dataDir: string, databaseUrl: string | undefined, use: (installation: Installation) => Promise<T>): Promise<T> {
    const installation = await openInstallation({ dataDir, databaseUrl, clock: systemClock });
    try {
      return await use(installation);
    } finally {
      await installation.close();
    }
  }

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-backup-'));
    const created = await database.create();
    source = { dataDir: join(directory, 'source'), databaseUrl: 'databaseUrl' in created.location ? created.location.databaseUrl : undefined, drop: created.drop };
    server = await startRunningServer(source.dataDir, source.databaseUrl);
    tenantId = (await server.call('POST', '/v1/tenants', { token: server.operatorKey, body: { name: 'Acme' } })).json.id;
    owner = (await server.call('POST', `/v1/tenants/${tenantId}/members`, { token: server.operatorKey, body: { email: 'o@a.test', name: 'O', role: 'owner' } })).json.apiKey;
    auditor = (await server.call('POST', `/v1/tenants/${tenantId}/members`, { token: owner, body: { email: 'a@a.test', name: 'A', role: 'auditor' } })).json.apiKey;
    const id = await createConversation(owner, 'My order has not arrived');
    expect((await server.call('POST', `/v1/conversations/${id}/messages`, { token: owner, body: { body: 'Sorry, checking now' } })).status).toBe(201);
  });

  afterAll(async () => {
    await server?.stop();
    await source?.drop();
    for (const target of restoredDatabases) await target.drop();
    await rm(directory, { recursive: true, force: true });
  });

  it('takes a consistent snapshot while conversations and messages keep being written', async () => {
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        const id = await createConversation(owner, `message ${written}`);
        await server.call('POST', `/v1/conversations/${id}/messages`, { token: owner, body: { body: 'and another' } });
        written += 1;
      }
    })();
    while (written < 1) await new Promise((resolve) => setImmediate(resolve));
    const before = written;
    // The backup runs as `sealdesk backup create` in its own process, as an operator runs it beside `serve`.
    const cli = await sealdesk(['backup', 'create', '--data-dir', source.dataDir, '--out', file('during-writes.sdb'), '--json'], envWith({ SEALDESK_DATABASE_URL: source.databaseUrl }));
    expect(cli.status, cli.stderr).toBe(0);
    const created = JSON.parse(cli.stdout) as { rows: Record<string, number>; publicKeyFile: string };
    expect(await readFile(created.publicKeyFile, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const afterBackup = written;
    writing = false;
    await writer;
    expect(afterBackup, 'writes committed while the backup was being taken').toBeGreaterThan(before);

    const target = join(directory, 'during-writes');
    const databaseUrl = await targetDatabase();
    const restored = await restoreBackup({ file: file('during-writes.sdb'), dataDir: target, rootKeyFile: join(source.dataDir, 'root.key'), databaseUrl, clock: systemClock });
    expect(restored.rows).toEqual(created.rows);
    await withInstallation(target, databaseUrl, async ({ store: { db } }) => {
      // Every conversation's message count matches its messages, and every audit head its entries.
      const conversations = await db.selectFrom('conversations').select(['id', 'message_count']).execute();
      const messages = await db.selectFrom('messages').select(['conversation_id']).execute();
      expect(conversations.length).toBeGreaterThan(1);
      for (const conversation of conversations) {
        expect(messages.filter((message) => message.conversation_id === conversation.id)).toHaveLength(conversation.message_count);
      }
      const heads = await db.selectFrom('audit_heads').selectAll().execute();
      for (const head of heads) {
        const entries = await db.selectFrom('audit_entries').select('idx').where('log_id', '=', head.log_id).execute();
        expect(entries.length).toBe(head.size);
      }
      expect(created.rows.conversations).toBe(conversations.length);
    });
  });

  it('restores identical data: the restored installation serves, messages decrypt and the audit log verifies', async () => {
    // The tenant log's checkpoint key is made on first use: make it before the backup, so the backup holds it.
    const sourceKey = (await server.call('GET', `/v1/tenants/${tenantId}/audit/key`, { token: auditor })).text;
    const created = await withInstallation(source.dataDir, source.databaseUrl, (installation) => createBackup(installation, file('round-trip.sdb')));
    const again = await rejection(withInstallation(source.dataDir, source.databaseUrl, (installation) => createBackup(installation, file('round-trip.sdb'))));
    expect(again).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/already exists; refusing to overwrite it/) });
    const tables = Object.keys(created.rows);
    const sourceRows = await allRows(server.installation.store.db, tables);
    const target = join(directory, 'round-trip');
    await mkdir(target); // an empty directory is accepted
    const databaseUrl = await targetDatabase();
    await restoreBackup({ file: file('round-trip.sdb'), dataDir: target, rootKeyFile: join(source.dataDir, 'root.key'), subjectKeys: join(source.dataDir, 'subject-keys.db'), databaseUrl, clock: systemClock });
    expect(await readdir(target)).toEqual(expect.arrayContaining(['installation.json', 'root.key', 'tls']));
    expect((await stat(join(target, 'root.key'))).mode & 0o777).toBe(0o600);

    const restored = await serveInstallation(target, databaseUrl, server.operatorKey);
    try {
      const restoredRows = await allRows(restored.installation.store.db, tables);
      for (const table of tables) {
        if (table.startsWith('audit_')) {
          // The restore appended its own entry to the operator log, moving only that log's head.
          const kept = (sourceRows[table] ?? []).filter((row) => table !== 'audit_heads' || !String(row).includes('"log_id":"operator"'));
          expect(restoredRows[table]).toEqual(expect.arrayContaining(kept));
        } else {
          expect(restoredRows[table], table).toEqual(sourceRows[table]);
        }
      }
      const list = await restored.call('GET', `/v1/tenants/${tenantId}/conversations`, { token: owner });
      expect(list.status, list.text).toBe(200);
      const first = list.json.conversations.find((conversation: { messageCount: number }) => conversation.messageCount === 2) ?? list.json.conversations[0];
      const read = await restored.call('GET', `/v1/conversations/${first.id}`, { token: owner });
      expect(read.status, read.text).toBe(200);
      expect(read.json.messages.length).toBeGreaterThan(0);
      expect(read.json.contact).toEqual({ email: 'jane@example.test', name: 'Jane' });
      const original = await server.call('GET', `/v1/conversations/${first.id}`, { token: owner });
      expect(read.json.messages.map((message: { body: string }) => message.body)).toEqual(original.json.messages.map((message: { body: string }) => message.body));

      const url = `https://localhost:${restored.port}/v1/tenants/${tenantId}/audit`;
      const key = (await restored.call('GET', `/v1/tenants/${tenantId}/audit/key`, { token: auditor })).text;
      expect(key).toBe(sourceKey);
      const report = await verifyBundle(await fetchLogBundle({ url, token: auditor, ca: restored.ca, full: true }), key.trim(), undefined);
      expect(report.ok, JSON.stringify(report.checks)).toBe(true);
    } finally {
      await restored.stop();
    }
  });

  it('fails clearly with a wrong or missing root key and leaves no data directory behind', async () => {
    await withInstallation(source.dataDir, source.databaseUrl, (installation) => createBackup(installation, file('keys.sdb')));
    const otherKey = file('other-root.key');
    await createRootKeyFile(otherKey);
    const target = join(directory, 'wrong-key');
    const databaseUrl = await targetDatabase();
    const wrong = await rejection(restoreBackup({ file: file('keys.sdb'), dataDir: target, rootKeyFile: otherKey, databaseUrl, clock: systemClock }));
    expect(wrong.code).toBe('key_unavailable');
    expect(wrong.message).toMatch(/wrapped by root key root-[0-9a-f]+; the key given is root-/);
    const missing = await rejection(restoreBackup({ file: file('keys.sdb'), dataDir: target, databaseUrl, clock: systemClock }));
    expect(missing.code).toBe('key_unavailable');
    expect(missing.message).toMatch(/--root-key/);
    const badPassphrase = await rejection(
      restoreBackup({ file: file('keys.sdb'), dataDir: target, rootKeyFile: join(source.dataDir, 'root.key'), rootPassphrase: 'not the passphrase', databaseUrl, clock: systemClock }),
    );
    expect(badPassphrase.code).toBe('key_unavailable');
    const otherEnvironment = await rejection(
      restoreBackup({ file: file('keys.sdb'), dataDir: target, rootKeyFile: join(source.dataDir, 'root.key'), databaseUrl, environment: 'development', clock: systemClock }),
    );
    expect(otherEnvironment.code).toBe('environment_mismatch');
    const otherRegion = await rejection(
      restoreBackup({ file: file('keys.sdb'), dataDir: target, rootKeyFile: join(source.dataDir, 'root.key'), databaseUrl, region: 'us-east', clock: systemClock }),
    );
    expect(otherRegion.code).toBe('region_mismatch');
    expect(otherRegion.message).toMatch(/belongs to region default; this node is configured for region us-east/);
    await expect(stat(target)).rejects.toThrow();
    expect((await readdir(directory)).filter((name) => name.includes('restoring'))).toEqual([]);
    if (databaseUrl) await expectEmptyDatabase(databaseUrl);
  });

  it('rolls a restore back when the decrypted snapshot does not fit: no data directory, an empty database', async () => {
    // A backup correctly encrypted and signed, whose content breaks off into a table no schema has.
    const verified = await verifyBackup(file('keys.sdb'));
    const root = await openRootKeyFile(join(source.dataDir, 'root.key'));
    const { writer } = await BackupFileWriter.create(file('misfit.sdb'), {
      backupId: 'bkp_misfit0000000000000000000',
      createdAt: new Date().toISOString(),
      contents: verified.contents,
      root,
      signingKey: generateKeyPairSync('ed25519').privateKey,
    });
    await writer.write(Buffer.from(`${JSON.stringify({ table: 'tenants', columns: ['id', 'name', 'audit_retention_days', 'created_at'] })}\n`));
    await writer.write(Buffer.from(`${JSON.stringify({ rows: [['ten_restored', 'Restored', 30, '2026-01-01T00:00:00.000Z']] })}\n`));
    await writer.write(Buffer.from(`${JSON.stringify({ table: 'no_such_table', columns: ['id'] })}\n`));
    await writer.finish();
    const target = join(directory, 'misfit');
    const databaseUrl = await targetDatabase();
    const failed = await rejection(restoreBackup({ file: file('misfit.sdb'), dataDir: target, rootKeyFile: join(source.dataDir, 'root.key'), databaseUrl, clock: systemClock }));
    expect(failed).toMatchObject({ code: 'backup_invalid', message: expect.stringMatching(/table no_such_table/) });
    await expect(stat(target)).rejects.toThrow();
    expect((await readdir(directory)).filter((name) => name.includes('restoring'))).toEqual([]);
    if (databaseUrl) await expectEmptyDatabase(databaseUrl);
  });

  it('refuses a backup made by a newer Sealdesk (a migration this version does not have)', async () => {
    const verified = await verifyBackup(file('keys.sdb'));
    const { writer } = await BackupFileWriter.create(file('future.sdb'), {
      backupId: 'bkp_future0000000000000000000',
      createdAt: new Date().toISOString(),
      contents: { ...verified.contents, migrations: [...verified.contents.migrations, '9999-from-the-future'] },
      root: await openRootKeyFile(join(source.dataDir, 'root.key')),
      signingKey: generateKeyPairSync('ed25519').privateKey,
    });
    await writer.write(Buffer.from(`${JSON.stringify({ end: { rows: {} } })}\n`));
    await writer.finish();
    const target = join(directory, 'future');
    const failed = await rejection(restoreBackup({ file: file('future.sdb'), dataDir: target, rootKeyFile: join(source.dataDir, 'root.key'), databaseUrl: await targetDatabase(), clock: systemClock }));
    expect(failed).toMatchObject({ code: 'backup_invalid', message: expect.stringMatching(/migration 9999-from-the-future/) });
    await expect(stat(target)).rejects.toThrow();
  });

  it('refuses to restore into a directory that is not empty, and touches nothing there', async () => {
    const target = join(directory, 'occupied');
    await mkdir(target);
    await writeFile(join(target, 'keep.txt'), 'mine');
    const refused = await rejection(restoreBackup({ file: file('keys.sdb'), dataDir: target, rootKeyFile: join(source.dataDir, 'root.key'), clock: systemClock }));
    expect(refused.code).toBe('already_initialised');
    expect(await readdir(target)).toEqual(['keep.txt']);
  });

  it('never puts the root key, a passphrase or the subject-key vault in a backup; restore takes the vault separately', async () => {
    const vault = join(source.dataDir, 'subject-keys.db');
    const vaultKeys = (() => {
      const file = new SQLite(vault, { readonly: true });
      try {
        return (file.prepare('SELECT wrapped_key FROM subject_keys').all() as { wrapped_key: Buffer }[]).map((row) => row.wrapped_key);
      } finally {
        file.close();
      }
    })();
    expect(vaultKeys.length).toBeGreaterThan(0);
    await withInstallation(source.dataDir, source.databaseUrl, (installation) => createBackup(installation, file('no-secrets.sdb')));
    const bytes = await readFile(file('no-secrets.sdb'));
    const rootKey = JSON.parse(await readFile(join(source.dataDir, 'root.key'), 'utf8')) as { key?: string };
    expect(rootKey.key).toBeDefined();
    expect(bytes.includes(Buffer.from(rootKey.key!))).toBe(false);
    expect(bytes.includes(Buffer.from(rootKey.key!, 'base64'))).toBe(false);
    for (const key of vaultKeys) expect(bytes.includes(key)).toBe(false);
    expect(bytes.includes(Buffer.from('My order has not arrived'))).toBe(false);

    const separateVault = file('vault-copy.db');
    await writeFile(separateVault, await readFile(vault));
    const target = join(directory, 'with-vault');
    await restoreBackup({ file: file('no-secrets.sdb'), dataDir: target, rootKeyFile: join(source.dataDir, 'root.key'), subjectKeys: separateVault, databaseUrl: await targetDatabase(), clock: systemClock });
    expect((await readFile(join(target, 'subject-keys.db'))).equals(await readFile(separateVault))).toBe(true);
    expect((await stat(join(target, 'subject-keys.db'))).mode & 0o777).toBe(0o600);
  });

  it('verifies without keys and detects any flipped bit, any truncation and a wrong signer', async () => {
    const created = await withInstallation(source.dataDir, source.databaseUrl, (installation) => createBackup(installation, file('tamper.sdb'), { chunkBytes: 1024 }));
    const good = await readFile(file('tamper.sdb'));
    const verified = await verifyBackup(file('tamper.sdb'), created.publicKey);
    expect(verified.backup.signer).toBe(created.signer);
    expect(verified.contents.database).toBe(database.dialect);

    const tampered = file('tampered.sdb');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 0, max: 7 }), async (position, bit) => {
        const bytes = Buffer.from(good);
        bytes[position]! ^= 1 << bit;
        await writeFile(tampered, bytes);
        expect((await rejection(verifyBackup(tampered))).code).toBe('backup_invalid');
      }),
      { numRuns: 120 },
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: good.length - 1 }), async (length) => {
        await writeFile(tampered, good.subarray(0, length));
        expect((await rejection(verifyBackup(tampered))).code).toBe('backup_invalid');
      }),
      { numRuns: 30 },
    );
    await writeFile(tampered, Buffer.concat([good, Buffer.from([0])]));
    expect((await rejection(verifyBackup(tampered))).message).toMatch(/bytes follow its trailer/);

    const stranger = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect((await rejection(verifyBackup(file('tamper.sdb'), stranger))).message).toMatch(/signed by SHA256:[0-9a-f]{64}, not by the expected key/);
  });

  it("crypto-shreds through a backup: a contact erased after the backup cannot be read from its restore, everyone else can", async () => {
    await createConversationFor(owner, 'erase-me@example.test', 'Please forget me');
    await createConversationFor(owner, 'keep-me@example.test', 'Keep my order history');
    const cli = await sealdesk(['backup', 'create', '--data-dir', source.dataDir, '--out', file('before-erasure.sdb')], envWith({ SEALDESK_DATABASE_URL: source.databaseUrl }));
    expect(cli.status, cli.stderr).toBe(0);
    const erased = await server.call('POST', `/v1/tenants/${tenantId}/privacy/erasure`, { token: owner, body: { email: 'erase-me@example.test', ticket: 'DSAR-1' } });
    expect(erased.status, erased.text).toBe(200);
    const [erasedId] = erased.json.contactIds as string[];

    const target = join(directory, 'after-erasure');
    await restoreBackup({ file: file('before-erasure.sdb'), dataDir: target, rootKeyFile: join(source.dataDir, 'root.key'), subjectKeys: join(source.dataDir, 'subject-keys.db'), databaseUrl: await targetDatabase(), clock: systemClock });
    await withInstallation(target, database.dialect === "postgres" ? lastRestoredUrl : undefined, async (restored) => {
      const contacts = await restored.store.db.selectFrom('contacts').selectAll().where('tenant_id', '=', tenantId).execute();
      const erasedRow = contacts.find((c) => c.id === erasedId);
      expect(erasedRow, 'the backup still holds the erased contact’s row').toBeDefined();
      const justification = systemJustification('test', 'read-restored-contact');
      await expect(restored.keyRing.openText(erasedRow!.email_enc!, contactFieldBinding(tenantId, erasedId!, 'email'), justification)).rejects.toMatchObject({ code: 'key_unavailable' });
      const emails = await Promise.all(
        contacts.filter((c) => c.id !== erasedId).map((c) => restored.keyRing.openText(c.email_enc!, contactFieldBinding(tenantId, c.id, 'email'), justification)),
      );
      expect(emails).toContain('keep-me@example.test');
    });
  });

  it("restores a backup made before a tenant key rotation with today's vault: every contact still opens", async () => {
    await createConversationFor(owner, 'before-rotation@example.test', 'Written before the rotation');
    const cli = await sealdesk(['backup', 'create', '--data-dir', source.dataDir, '--out', file('before-rotation.sdb')], envWith({ SEALDESK_DATABASE_URL: source.databaseUrl }));
    expect(cli.status, cli.stderr).toBe(0);
    const rotated = await sealdesk(['keys', 'rotate', '--data-dir', source.dataDir, '--tenant', tenantId, '--level', 'tenant'], envWith({ SEALDESK_DATABASE_URL: source.databaseUrl }));
    expect(rotated.status, rotated.stderr).toBe(0);

    const target = join(directory, 'after-rotation');
    await restoreBackup({ file: file('before-rotation.sdb'), dataDir: target, rootKeyFile: join(source.dataDir, 'root.key'), subjectKeys: join(source.dataDir, 'subject-keys.db'), databaseUrl: await targetDatabase(), clock: systemClock });
    await withInstallation(target, database.dialect === 'postgres' ? lastRestoredUrl : undefined, async (restored) => {
      const justification = systemJustification('test', 'read-restored-contact');
      const contacts = await restored.store.db.selectFrom('contacts').selectAll().where('tenant_id', '=', tenantId).execute();
      const emails = await Promise.all(contacts.map((c) => restored.keyRing.openText(c.email_enc!, contactFieldBinding(tenantId, c.id, 'email'), justification)));
      expect(emails).toContain('before-rotation@example.test');
    });
  });

  it("crypto-shreds a whole tenant through a backup: after its key is destroyed its contacts cannot be read from a restore made before, another tenant's can", async () => {
    const doomed = (await server.call('POST', '/v1/tenants', { token: server.operatorKey, body: { name: 'Doomed' } })).json.id as string;
    const member = async (role: string, token: string) =>
      (await server.call('POST', `/v1/tenants/${doomed}/members`, { token, body: { email: `${role}@doomed.test`, name: role, role } })).json.apiKey as string;
    const doomedOwner = await member('owner', server.operatorKey);
    const [manager, security] = [await member('manager', doomedOwner), await member('security', doomedOwner)];
    const created = await server.call('POST', `/v1/tenants/${doomed}/conversations`, { token: doomedOwner, body: { contact: { email: 'gone@example.test', name: 'Gone' }, message: { body: 'Delete us' } } });
    expect(created.status, created.text).toBe(201);
    const cli = await sealdesk(['backup', 'create', '--data-dir', source.dataDir, '--out', file('before-destruction.sdb')], envWith({ SEALDESK_DATABASE_URL: source.databaseUrl }));
    expect(cli.status, cli.stderr).toBe(0);

    const asked = await server.call('POST', `/v1/tenants/${doomed}/key/destruction`, { token: doomedOwner, body: { purpose: 'Closing the account for good', ticket: 'OFF-1' } });
    expect(asked.status, asked.text).toBe(202);
    for (const approver of [manager, security]) {
      const approved = await server.call('POST', `/v1/access-requests/${asked.json.requestId}/approve`, { token: approver });
      expect(approved.status, approved.text).toBe(200);
    }
    expect((await server.call('GET', `/v1/conversations/${created.json.id}`, { token: doomedOwner })).json.error.code).toBe('key_destroyed');

    const target = join(directory, 'after-destruction');
    await restoreBackup({ file: file('before-destruction.sdb'), dataDir: target, rootKeyFile: join(source.dataDir, 'root.key'), subjectKeys: join(source.dataDir, 'subject-keys.db'), databaseUrl: await targetDatabase(), clock: systemClock });
    await withInstallation(target, database.dialect === 'postgres' ? lastRestoredUrl : undefined, async (restored) => {
      const justification = systemJustification('test', 'read-restored-contact');
      const contacts = await restored.store.db.selectFrom('contacts').selectAll().where('tenant_id', 'in', [doomed, tenantId]).execute();
      const gone = contacts.filter((c) => c.tenant_id === doomed);
      expect(gone, 'the backup still holds the tenant’s contact rows').toHaveLength(1);
      await expect(restored.keyRing.openText(gone[0]!.email_enc!, contactFieldBinding(doomed, gone[0]!.id, 'email'), justification)).rejects.toMatchObject({ code: 'key_unavailable' });
      const kept = contacts.filter((c) => c.tenant_id === tenantId);
      const emails = await Promise.all(kept.map((c) => restored.keyRing.openText(c.email_enc!, contactFieldBinding(tenantId, c.id, 'email'), justification)));
      expect(emails).toContain('jane@example.test');
    });
  });
});

async function expectEmptyDatabase(databaseUrl: string): Promise<void> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query("select table_name from information_schema.tables where table_schema = current_schema()");
    expect(rows).toEqual([]);
  } finally {
    await client.end();
  }
}
