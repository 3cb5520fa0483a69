import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { StoreLocation } from '../../src/store/index.js';

/**
 * The databases every storage-touching suite runs against. PostgreSQL comes from
 * SEALDESK_TEST_POSTGRES_URL (default: the local server, trust auth); when it is unreachable its
 * half is skipped, unless SEALDESK_REQUIRE_POSTGRES=1 (as in CI), which makes that an error.
 */
export interface TestDatabase {
  readonly dialect: 'sqlite' | 'postgres';
  /** A fresh, empty database and a way to throw it away. */
  create(): Promise<{ location: StoreLocation; dataDir: string; drop(): Promise<void> }>;
}

const POSTGRES_URL = process.env.SEALDESK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const sqlite: TestDatabase = {
  dialect: 'sqlite',
  async create() {
    const dataDir = await mkdtemp(join(tmpdir(), 'sealdesk-test-'));
    return { location: { sqlitePath: join(dataDir, 'sealdesk.db') }, dataDir, drop: () => rm(dataDir, { recursive: true, force: true }) };
  },
};

const postgres: TestDatabase = {
  dialect: 'postgres',
  async create() {
    const name = `sealdesk_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    const dataDir = await mkdtemp(join(tmpdir(), 'sealdesk-test-'));
    return {
      location: { databaseUrl: url.toString() },
      dataDir,
      async drop() {
        await adminQuery(`drop database if exists ${name} with (force)`);
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
};

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function postgresReachable(): Promise<boolean> {
  try {
    await adminQuery('select 1');
    return true;
  } catch {
    return false;
  }
}

/** SQLite always; PostgreSQL when reachable (or required). */
export async function testDatabases(): Promise<TestDatabase[]> {
  if (await postgresReachable()) return [sqlite, postgres];
  if (process.env.SEALDESK_REQUIRE_POSTGRES === '1') {
    throw new Error(`SEALDESK_REQUIRE_POSTGRES=1 but PostgreSQL is unreachable at ${POSTGRES_URL}`);
  }
  console.warn(`PostgreSQL unreachable at ${POSTGRES_URL}: running the SQLite half only.`);
  return [sqlite];
}
