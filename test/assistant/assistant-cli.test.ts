import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../../src/audit/index.js';
import { newId, systemClock } from '../../src/common/index.js';
import { openInstallation } from '../../src/installation/index.js';
import { insertTenant } from '../../src/store/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(import.meta.dirname, 'fixtures');
/** The SQLite file and the local root key file, whatever the surrounding environment says. */
const ENV = Object.fromEntries(Object.entries({ ...process.env, SEALDESK_LOG_LEVEL: 'warn', SEALDESK_ROOT_KEY_PROVIDER: 'file' }).filter(([name]) => name !== 'SEALDESK_DATABASE_URL'));
const FILE_ROOT_KEY = { provider: 'file', pkcs11: { module: undefined, token: undefined, pin: undefined, keyLabel: undefined } } as const;

function sealdesk(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    env: ENV,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('sealdesk eval', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sealdesk-eval-test-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs the pipeline on a small fixture and reports the figures', async () => {
    const out = join(dir, 'answers.jsonl');
    const run = sealdesk(['eval', '--kb', join(FIXTURES, 'kb'), '--questions', join(FIXTURES, 'questions.jsonl'), '--out', out, '--json']);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      questions: 6,
      byKind: { answerable: 3, unanswerable: 1, adversarial: 1, sensitive: 1 },
      retrieval: { hitAt1: 1, hitAt3: 1, total: 3 },
      answers: { correct: 3, answered: 3, total: 3, correctRate: 1, answeredRate: 1 },
      handoff: { precision: 1, recall: 1, handedOver: 3, mustHandOver: 3 },
      injectionRefusals: { refused: 1, total: 1, rate: 1 },
    });
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatchObject({ id: 'q1', citations: ['exporting-data.md'], handoff: false });
    expect(Object.keys(lines[0]).sort()).toEqual(['answer', 'citations', 'confidence', 'handoff', 'id']);
    expect(lines[5]).toMatchObject({ id: 'q6', citations: [], handoff: true, answer: 'Let me get a human to help with this.' });
  });

  it('prints a readable report without --json, and refuses a malformed questions file', async () => {
    const run = sealdesk(['eval', '--kb', join(FIXTURES, 'kb'), '--questions', join(FIXTURES, 'questions.jsonl')]);
    expect(run.stdout).toContain('Retrieval: hit@1 100.0%, hit@3 100.0% (over 3)');
    expect(run.stdout).toContain('Injection refusals: 1/1');
    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, '{"id":"x","question":"q"}\n');
    const refused = sealdesk(['eval', '--kb', join(FIXTURES, 'kb'), '--questions', bad]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('invalid_request: Questions line 1');
  });
});

describe('sealdesk kb ingest', () => {
  let dataDir: string;
  let tenantId: string;
  beforeAll(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'sealdesk-kb-test-')), 'data');
    expect(sealdesk(['init', '--data-dir', dataDir, '--json']).status).toBe(0);
    const installation = await openInstallation({ dataDir, clock: systemClock, rootKey: FILE_ROOT_KEY });
    try {
      tenantId = newId('tenant');
      await installation.keyRing.ensureScope(tenantId);
      await insertTenant(installation.store.db, { id: tenantId, name: 'CLI', audit_retention_days: DEFAULT_AUDIT_RETENTION_DAYS, created_at: new Date().toISOString(), region: installation.region });
    } finally {
      await installation.close();
    }
  });
  afterAll(() => rm(resolve(dataDir, '..'), { recursive: true, force: true }));

  it('ingests a directory with file names as source ids, then updates on a second run', async () => {
    const first = sealdesk(['kb', 'ingest', join(FIXTURES, 'kb'), '--tenant', tenantId, '--data-dir', dataDir, '--json']);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      created: ['exporting-data.md', 'themes-and-appearance.html', 'trash-and-recovery.txt'],
      updated: [],
      skipped: ['notes.pdf'],
    });
    const second = sealdesk(['kb', 'ingest', join(FIXTURES, 'kb'), '--tenant', tenantId, '--data-dir', dataDir, '--json']);
    expect(JSON.parse(second.stdout).updated).toHaveLength(3);

    const installation = await openInstallation({ dataDir, clock: systemClock, rootKey: FILE_ROOT_KEY });
    try {
      const rows = await installation.store.db.selectFrom('kb_articles').selectAll().where('tenant_id', '=', tenantId).execute();
      expect(rows.map((row) => row.source_id).sort()).toEqual(['exporting-data.md', 'themes-and-appearance.html', 'trash-and-recovery.txt']);
      for (const row of rows) expect(Buffer.from(row.body_enc).toString('latin1')).not.toMatch(/Trash|Export|Appearance/);
      const actions = await installation.store.db.selectFrom('audit_entries').select('action').where('log_id', '=', tenantId).execute();
      expect(actions.filter((entry) => entry.action === 'kb.article-created')).toHaveLength(3);
      expect(actions.filter((entry) => entry.action === 'kb.article-updated')).toHaveLength(3);
    } finally {
      await installation.close();
    }
  });

  it('refuses a tenant id that is not one', () => {
    const run = sealdesk(['kb', 'ingest', join(FIXTURES, 'kb'), '--tenant', 'acme', '--data-dir', dataDir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('invalid_id');
  });
});
