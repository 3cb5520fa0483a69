/**
 * The ceiling: a bare Fastify HTTPS server with Sealdesk's TLS settings and certificate and the
 * same body limit, one route at the same path that parses the same JSON body and answers
 * 201 `{id}`. No logging, no auth, no database, no encryption, no audit. Started as a child of
 * bench/ingest.ts:
 *
 *   node --import tsx bench/bare-server.ts --port N --cert FILE --key FILE [--sqlite FILE]
 *
 * With `--sqlite FILE` (the durability floor, a diagnostic) each request also inserts the body
 * with one prepared statement into SQLite opened as Sealdesk opens it (WAL, synchronous=FULL),
 * so it pays exactly one durable commit.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { newId } from '../src/common/index.js';
import { DEFAULT_BODY_LIMIT, serverTlsOptions } from '../src/server/index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    sqlite: { type: 'string' },
  },
});
if (values.port === undefined || values.cert === undefined || values.key === undefined) {
  process.stderr.write('usage: bare-server.ts --port N --cert FILE --key FILE\n');
  process.exit(2);
}

const app = Fastify({
  logger: false,
  bodyLimit: DEFAULT_BODY_LIMIT,
  https: serverTlsOptions({ cert: readFileSync(values.cert), key: readFileSync(values.key) }),
});

const insert = values.sqlite === undefined ? undefined : openDurableTable(values.sqlite);

app.post('/v1/conversations/:conversationId/messages', async (request, reply) => {
  const body = (request.body as { body?: unknown } | null)?.body;
  if (typeof body !== 'string' || body.length === 0) return reply.code(400).send({ error: { code: 'invalid_request' } });
  const id = newId('message');
  insert?.run(id, body);
  return reply.code(201).send({ id });
});
app.get('/v1/health', async () => ({ status: 'ok' }));

function openDurableTable(file: string): SQLite.Statement<[string, string]> {
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.exec('create table if not exists messages (id text primary key, body text not null)');
  return database.prepare<[string, string]>('insert into messages (id, body) values (?, ?)');
}

await app.listen({ host: values.host, port: Number(values.port) });
process.stdout.write(`bare server listening on ${values.host}:${values.port}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
