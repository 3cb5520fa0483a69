import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/crypto/index.js';
import { openStore } from '../../src/store/index.js';
import { startRunningServer, type RunningServer } from '../support/running-server.js';
import { envWith, sealdesk } from '../support/sealdesk-cli.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();

/** Distinctive values, each written through a different feature, that must never be found in clear at rest. */
const CANARY = {
  email: 'ottoline.vanderkamp.4417@canary-mail.test',
  name: 'Ottoline Vanderkamp-Canary',
  body: 'My IBAN is GB82 WEST 1234 5698 7654 32 and my passphrase is SAFFRON-HERON-CANARY-3309',
  reply: 'About SAFFRON-HERON-CANARY-3309: refunded today',
  erased: 'erase.me.canary.5521@canary-mail.test',
  article: 'Pair the relay with the MAGENTA-LYNX-KBCANARY-7719 code',
  providerKey: 'sk-canary-PROVIDERKEY-0d6f1b2c9a',
  purpose: 'Customer ottoline.vanderkamp.4417@canary-mail.test disputes a charge',
};

const DISTINCTIVE = [CANARY.email, CANARY.name, 'Vanderkamp', 'SAFFRON-HERON-CANARY', 'GB82 WEST', CANARY.erased, 'MAGENTA-LYNX-KBCANARY', 'PROVIDERKEY-0d6f1b2c9a'];

function needles(): { label: string; bytes: Buffer }[] {
  return DISTINCTIVE.flatMap((value) =>
    [Buffer.from(value, 'utf8'), Buffer.from(value, 'utf16le'), Buffer.from(value.toLowerCase(), 'utf8'), Buffer.from(Buffer.from(value, 'utf8').toString('base64'))].map((bytes) => ({ label: value, bytes })),
  );
}

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function expectNoCanaryIn(files: readonly string[]): Promise<void> {
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const content = await readFile(file);
    for (const needle of needles()) expect(content.includes(needle.bytes), `${needle.label} found in ${file}`).toBe(false);
  }
}

/**
 * Every feature that takes customer data, exercised once with a distinctive value, then every byte
 * Sealdesk wrote scanned for them: the data directory (database, WAL, subject-key vault, logs,
 * keys), PostgreSQL's tables, a backup and its restore, an export archive and an audit export.
 */
describe.each(databases)('no canary at rest in any layer on $dialect', { timeout: 240_000 }, (database) => {
  let server: RunningServer;
  let dataDir: string;
  let outDir: string;
  let drop: () => Promise<void>;
  let databaseUrl: string | undefined;
  let restoredUrl: string | undefined;
  let dropRestored: (() => Promise<void>) | undefined;
  let archivePlaintext: string;

  beforeAll(async () => {
    const created = await database.create();
    dataDir = join(created.dataDir, 'data');
    drop = created.drop;
    databaseUrl = 'databaseUrl' in created.location ? created.location.databaseUrl : undefined;
    outDir = await mkdtemp(join(tmpdir(), 'sealdesk-canary-out-'));
    server = await startRunningServer(dataDir, databaseUrl);
    const call = async (method: 'GET' | 'POST' | 'PUT', path: string, token: string | undefined, body?: unknown, status?: number) => {
      const response = await server.call(method, path, { ...(token !== undefined && { token }), ...(body !== undefined && { body }) });
      if (status !== undefined) expect(response.status, `${method} ${path}: ${response.text}`).toBe(status);
      return response.json;
    };

    const tenantId = (await call('POST', '/v1/tenants', server.operatorKey, { name: 'Canary Co' }, 201)).id;
    const keys: Record<string, string> = {};
    for (const role of ['owner', 'admin', 'manager', 'agent', 'security']) {
      const token = role === 'owner' ? server.operatorKey : keys.owner;
      keys[role] = (await call('POST', `/v1/tenants/${tenantId}/members`, token, { email: `${role}@canary-co.test`, name: role, role }, 201)).apiKey;
    }
    // The knowledge base, then a widget customer the assistant answers from it.
    await call('POST', `/v1/tenants/${tenantId}/kb/articles`, keys.manager, { title: 'Relay pairing', format: 'markdown', body: `# Relay pairing\n\n${CANARY.article} shown on the relay's screen.` }, 201);
    const session = await call('POST', `/v1/widget/${tenantId}/session`, undefined, { email: CANARY.email, name: CANARY.name }, 201);
    const widget = await call('POST', `/v1/tenants/${tenantId}/conversations`, session.token, { message: { body: `How do I pair the relay? ${CANARY.body}` } }, 201);
    expect(widget.reply).not.toBeNull();
    // An agent's conversation, a reply, and a redacted grant asked for with a purpose that names the customer.
    const conversationId = (await call('POST', `/v1/tenants/${tenantId}/conversations`, keys.owner, { contact: { email: CANARY.email, name: CANARY.name }, message: { body: CANARY.body } }, 201)).id;
    await call('POST', `/v1/conversations/${conversationId}/messages`, keys.owner, { body: CANARY.reply }, 201);
    const asked = await call('POST', '/v1/access-requests', keys.agent, { tenantId, conversationIds: [conversationId], view: 'redacted', purpose: CANARY.purpose, ticket: 'INC-1', durationMinutes: 30 });
    if (asked.status === 'pending') await call('POST', `/v1/access-requests/${asked.id}/approve`, keys.security, undefined, 200);
    const redacted = await call('GET', `/v1/conversations/${conversationId}`, keys.agent, undefined, 200);
    expect(redacted.view).toBe('redacted');
    // A second customer who is erased, the first one's export, and the assistant's provider key.
    await call('POST', `/v1/tenants/${tenantId}/conversations`, keys.owner, { contact: { email: CANARY.erased, name: 'Erased Canary' }, message: { body: 'Please forget me' } }, 201);
    await call('POST', `/v1/tenants/${tenantId}/privacy/erasure`, keys.owner, { email: CANARY.erased, ticket: 'DSAR-1' }, 200);
    expect(JSON.stringify(await call('POST', `/v1/tenants/${tenantId}/privacy/export`, keys.owner, { email: CANARY.email, ticket: 'DSAR-2' }, 200))).toContain(CANARY.email);
    await call('PUT', `/v1/tenants/${tenantId}/assistant/settings`, keys.admin, { provider: 'openai-compatible', baseUrl: 'https://llm.canary.example/v1', chatModel: 'm', apiKey: CANARY.providerKey }, 200);
    // A bulk export under dual control, its archive written to disk as a user would.
    const exportId = (await call('POST', `/v1/tenants/${tenantId}/exports`, keys.admin, { purpose: 'Full history', ticket: 'EXP-1', durationMinutes: 30 }, 201)).id;
    await call('POST', `/v1/access-requests/${exportId}/approve`, keys.manager, undefined, 200);
    await call('POST', `/v1/access-requests/${exportId}/approve`, keys.security, undefined, 200);
    const exported = await call('POST', `/v1/access-requests/${exportId}/export`, keys.admin, { passphrase: 'correct horse battery staple' }, 200);
    await writeFile(join(outDir, 'export.json'), JSON.stringify(exported));
    archivePlaintext = (await openArchive(exported.archive, { passphrase: 'correct horse battery staple' })).toString('utf8');
    // Refused requests that carry content must not leave it in the logs either.
    await call('POST', `/v1/conversations/${conversationId}/messages`, keys.owner, { body: CANARY.body, extra: CANARY.email }, 400);
    await call('POST', `/v1/conversations/${conversationId}/messages`, 'sd_key_wrong', { body: CANARY.body }, 401);
    await server.stop();

    // Rotation re-encrypts everything; then a backup, its restore, and an audit export.
    const rotated = await sealdesk(['keys', 'rotate', '--data-dir', dataDir], envWith({ SEALDESK_DATABASE_URL: databaseUrl }));
    expect(rotated.status, rotated.stderr).toBe(0);
    const backup = await sealdesk(['backup', 'create', '--data-dir', dataDir, '--out', join(outDir, 'backup.sdb')], envWith({ SEALDESK_DATABASE_URL: databaseUrl }));
    expect(backup.status, backup.stderr).toBe(0);
    const target = await database.create();
    restoredUrl = 'databaseUrl' in target.location ? target.location.databaseUrl : undefined;
    dropRestored = target.drop;
    const restored = await sealdesk(
      ['backup', 'restore', join(outDir, 'backup.sdb'), '--data-dir', join(outDir, 'restored'), '--root-key', join(dataDir, 'root.key'), '--subject-keys', join(dataDir, 'subject-keys.db'), ...(restoredUrl ? ['--database-url', restoredUrl] : [])],
      process.env,
    );
    expect(restored.status, restored.stderr).toBe(0);
    const audit = await sealdesk(['audit', 'export', '--data-dir', dataDir, '--tenant', tenantId, '--format', 'jsonl', '--out', join(outDir, 'audit.jsonl'), '--cursor-file', join(outDir, 'audit.cursor')], envWith({ SEALDESK_DATABASE_URL: databaseUrl }));
    expect(audit.status, audit.stderr).toBe(0);
  });

  afterAll(async () => {
    await dropRestored?.();
    await drop?.();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('exported what it was asked to, so the scans below look for values that really passed through', () => {
    for (const value of [CANARY.email, CANARY.name, 'SAFFRON-HERON-CANARY-3309']) expect(archivePlaintext).toContain(value);
    expect(archivePlaintext).not.toContain(CANARY.erased);
  });

  it('leaves none in the data directory: database, WAL, subject-key vault, logs, keys', async () => {
    const files = await filesUnder(dataDir);
    expect(files.map((file) => file.slice(dataDir.length))).toEqual(expect.arrayContaining(['/subject-keys.db', '/logs/sealdesk.log', '/installation.json']));
    await expectNoCanaryIn(files);
  });

  it('leaves none in the backup, the restored installation, the export archive or the audit export', async () => {
    const files = await filesUnder(outDir);
    for (const name of ['backup.sdb', 'export.json', 'audit.jsonl']) expect(files).toContain(join(outDir, name));
    expect((await readFile(join(outDir, 'audit.jsonl'), 'utf8')).split('\n').length).toBeGreaterThan(20);
    await expectNoCanaryIn(files);
  });

  it.runIf(database.dialect === 'postgres')('leaves none in any PostgreSQL table, live or restored', async () => {
    for (const url of [databaseUrl, restoredUrl]) {
      const store = await openStore({ databaseUrl: url! });
      try {
        const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(store.db);
        expect(tables.rows.map((table) => table.name)).toEqual(expect.arrayContaining(['messages', 'contacts', 'kb_articles', 'audit_entries']));
        for (const { name: table } of tables.rows) {
          const rows = await sql<{ dump: string }>`select t::text as dump from ${sql.table(table)} t`.execute(store.db);
          const dump = rows.rows.map((row) => row.dump).join('\n');
          for (const needle of needles()) expect(dump.includes(needle.bytes.toString('utf8')), `${needle.label} in ${table}`).toBe(false);
        }
      } finally {
        await store.close();
      }
    }
  });
});
