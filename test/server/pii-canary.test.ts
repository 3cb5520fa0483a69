import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { startRunningServer, type RunningServer } from '../support/running-server.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();

/** Distinctive values that must never be found in clear anywhere Sealdesk writes. */
const CANARIES = {
  email: 'zebulon.quartermaine.7731@canary-mail.test',
  name: 'Zebulon Quartermaine-Canary',
  body: 'My card is 4111 1111 1111 1111 and my secret phrase is PURPLE-OTTER-CANARY-9921',
  reply: 'Replying about PURPLE-OTTER-CANARY-9921 again',
};

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

function needles(): Buffer[] {
  const distinctive = [CANARIES.email, CANARIES.name, 'PURPLE-OTTER-CANARY', 'Quartermaine', '4111 1111 1111 1111'];
  return distinctive.flatMap((value) => [Buffer.from(value, 'utf8'), Buffer.from(value, 'utf16le'), Buffer.from(value.toLowerCase(), 'utf8')]);
}

describe.each(databases)('no customer PII is stored in plaintext on $dialect', (database) => {
  let server: RunningServer;
  let dataDir: string;
  let drop: () => Promise<void>;
  let databaseUrl: string | undefined;

  beforeAll(async () => {
    const created = await database.create();
    dataDir = join(created.dataDir, 'data');
    drop = created.drop;
    databaseUrl = 'databaseUrl' in created.location ? created.location.databaseUrl : undefined;
    server = await startRunningServer(dataDir, databaseUrl);
    const tenantId = (await server.call('POST', '/v1/tenants', { token: server.operatorKey, body: { name: 'Canary Co' } })).json.id;
    const owner = await server.call('POST', `/v1/tenants/${tenantId}/members`, {
      token: server.operatorKey,
      body: { email: 'owner@canary-co.test', name: 'Owner', role: 'owner' },
    });
    const ownerKey = owner.json.apiKey;
    const created1 = await server.call('POST', `/v1/tenants/${tenantId}/conversations`, {
      token: ownerKey,
      body: { contact: { email: CANARIES.email, name: CANARIES.name }, message: { body: CANARIES.body } },
    });
    expect(created1.status).toBe(201);
    const id = created1.json.id;
    expect((await server.call('POST', `/v1/conversations/${id}/messages`, { token: ownerKey, body: { body: CANARIES.reply } })).status).toBe(201);
    const session = await server.call('POST', `/v1/widget/${tenantId}/session`, { body: { email: CANARIES.email, name: CANARIES.name } });
    await server.call('POST', `/v1/tenants/${tenantId}/conversations`, { token: session.json.token, body: { message: { body: CANARIES.body } } });
    const read = await server.call('GET', `/v1/conversations/${id}`, { token: ownerKey });
    expect(read.json.messages[0].body).toBe(CANARIES.body);
    // Refused requests that carry content must not leak it into logs either.
    await server.call('POST', `/v1/conversations/${id}/messages`, { token: ownerKey, body: { body: CANARIES.body, extra: CANARIES.email } });
    await server.call('POST', `/v1/conversations/${id}/messages`, { token: 'wrong', body: { body: CANARIES.body } });
    await server.stop();
  });

  afterAll(async () => {
    await drop?.();
  });

  it('leaves no canary in any file under the data directory (database, WAL, logs, keys)', async () => {
    const files = await filesUnder(dataDir);
    expect(files.some((file) => file.endsWith('sealdesk.log'))).toBe(true);
    const log = await readFile(join(dataDir, 'logs', 'sealdesk.log'), 'utf8');
    expect(log).toContain('"statusCode":201');
    for (const file of files) {
      const content = await readFile(file);
      for (const needle of needles()) {
        expect(content.includes(needle), `${needle.toString('utf8')} found in ${file}`).toBe(false);
      }
    }
  });

  it.runIf(database.dialect === 'postgres')('leaves no canary in any PostgreSQL table', async () => {
    const store = await openStore({ databaseUrl: databaseUrl! });
    try {
      const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(store.db);
      expect(tables.rows.map((table) => table.name)).toEqual(expect.arrayContaining(['messages', 'contacts', 'audit_entries']));
      for (const { name: table } of tables.rows) {
        const rows = await sql<{ dump: string }>`select t::text as dump from ${sql.table(table)} t`.execute(store.db);
        const dump = rows.rows.map((row) => row.dump).join('\n');
        for (const needle of needles()) expect(dump.includes(needle.toString('utf8')), table).toBe(false);
      }
    } finally {
      await store.close();
    }
  });
});
