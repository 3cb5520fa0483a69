import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/common/index.js';
import { decodeEnvelope } from '../../src/crypto/envelope.js';
import { systemJustification } from '../../src/crypto/index.js';
import { messageBodyBinding } from '../../src/conversations/index.js';
import { runKeyRotation, SEALED_COLUMNS, startKeyRotation, startKeyRotations, type KeyRotation, type KeyRotationDeps } from '../../src/key-rotation/index.js';
import { createCast, type Cast } from '../api/tenant-cast.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();
const CLI = { kind: 'system', id: 'system', job: 'test-keys' } as const;
const request = () => ({ requestId: newId('request'), channel: 'cli' }) as const;

describe.each(databases)('online key rotation on $dialect', { timeout: 120_000 }, (database) => {
  let sd: TestInstallation;
  let cast: Cast;
  let deps: KeyRotationDeps;
  /** Every message written, by conversation: what reading it back must give. */
  let written: Map<string, string[]>;

  const call = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const response = await sd.request(method, url, { token: cast.keys.owner, body });
    return { status: response.statusCode, json: response.statusCode < 300 ? response.json() : undefined, text: response.body };
  };
  const converse = async (n: number) => {
    const body = `first message ${n}`;
    const created = await call('POST', `/v1/tenants/${cast.tenantId}/conversations`, { contact: { email: `person${n}@example.test`, name: `Person ${n}` }, message: { body } });
    if (created.status === 201) written.set(created.json.id, [body]);
    return created.status;
  };
  const reply = async (conversationId: string, n: number) => {
    const body = `reply ${n} to ${conversationId}`;
    const added = await call('POST', `/v1/conversations/${conversationId}/messages`, { body });
    if (added.status === 201) written.get(conversationId)?.push(body);
    return added.status;
  };
  const readBack = async (conversationId: string) => {
    const read = await call('GET', `/v1/conversations/${conversationId}`);
    return { status: read.status, bodies: read.json?.messages?.map((m: { body: string }) => m.body) as string[] | undefined };
  };
  /** The key version each sealed value of the tenant names, by column. */
  const sealedVersions = async () => {
    const versions: Record<string, number[]> = {};
    for (const column of SEALED_COLUMNS) {
      const values = await column.page(sd.installation.store.db, cast.tenantId, '', 100_000);
      versions[column.name] = values.map((value) => decodeEnvelope(value.value).keyVersion);
    }
    return versions;
  };

  beforeEach(async () => {
    sd = await createTestInstallation(database);
    cast = await createCast(sd, 'Acme');
    deps = { db: sd.installation.store.db, keyRing: sd.installation.keyRing, audit: sd.installation.audit, clock: sd.clock };
    written = new Map();
    for (let n = 0; n < 24; n++) expect(await converse(n)).toBe(201);
    for (const [id] of written) expect(await reply(id, 0)).toBe(201);
  });
  afterEach(() => sd?.close());

  it('rotates the tenant key and content key while conversations are created, written and read: no request fails, everything reads back', async () => {
    const { rotation } = await startKeyRotation(deps, CLI, request(), cast.tenantId, 'tenant');
    const statuses: number[] = [];
    let rotating = true;
    let duringRotation = 0;
    /** Three clients, each creating, writing to or reading conversations, one request after another. */
    const client = async (worker: number) => {
      for (let round = 1; rotating || round < 3; round++) {
        const ids = [...written.keys()];
        const n = worker * 1_000 + round;
        const status = worker === 0 ? await converse(n) : worker === 1 ? await reply(ids[round % ids.length]!, n) : (await readBack(ids[(round * 7) % ids.length]!)).status;
        statuses.push(status);
        if (rotating) duringRotation += 1;
      }
    };
    const traffic = Promise.all([0, 1, 2].map(client));
    const done = await runKeyRotation(deps, rotation.id, { batchSize: 1, settleMs: 0 }).finally(() => (rotating = false));
    await traffic;

    expect(duringRotation, 'requests completed while the rotation ran: at least one per client').toBeGreaterThanOrEqual(3);
    expect(statuses.filter((status) => status >= 300)).toEqual([]);
    expect(done).toMatchObject({ status: 'completed', phase: 'completed', versions: { tenant: 2, content: 2 } });
    expect(done.progress.resealed).toBeGreaterThanOrEqual(24 * 3);
    // The database's blind-index, tokens and old content keys; the vault's 24 subject keys keep their wrapping.
    expect(done.progress.rewrapped).toBe(3);

    for (const [id, bodies] of written) expect((await readBack(id)).bodies, id).toEqual(bodies);
    const versions = await sealedVersions();
    for (const [column, found] of Object.entries(versions)) expect(new Set(found), column).toEqual(found.length === 0 ? new Set() : new Set([2]));
    expect(versions['messages.body_enc']!.length).toBe([...written.values()].flat().length);
    // The old tenant key wraps nothing any more: every data key and subject key is under v2.
    const parents = await sd.installation.store.db.selectFrom('wrapped_keys').select('parent_version').where('scope', '=', cast.tenantId).where('kind', '=', 'data').execute();
    expect(new Set(parents.map((row) => row.parent_version))).toEqual(new Set([2]));

    const actions = await sd.installation.store.db.selectFrom('audit_entries').select(['action', 'body']).where('log_id', '=', cast.tenantId).where('action', 'like', 'key.rotat%').execute();
    expect(actions.map((entry) => entry.action)).toEqual(['key.rotated', 'key.rotation-completed']);
    expect(actions[1]!.body).toContain(rotation.id);
  });

  it('a rotation stopped mid-way resumes from its stored place: each value is re-encrypted once', async () => {
    const { rotation } = await startKeyRotation(deps, CLI, request(), cast.tenantId, 'data');
    let batches = 0;
    const stopped = runKeyRotation(deps, rotation.id, {
      batchSize: 4,
      settleMs: 0,
      onProgress: (progress) => {
        if (progress.phase === 'reseal' && ++batches === 5) throw new Error('the process stops here');
      },
    });
    await expect(stopped).rejects.toThrow('the process stops here');
    const failed = await startKeyRotation(deps, CLI, request(), cast.tenantId, 'data');
    expect(failed.resumed).toBe(true);
    expect(failed.rotation).toMatchObject({ id: rotation.id, status: 'running', phase: 'reseal' });
    expect(failed.rotation.progress.scanned).toBe(4 * 4);

    const done = await runKeyRotation(deps, rotation.id, { batchSize: 4, settleMs: 0 });
    const sealed = Object.values(await sealedVersions()).flat();
    expect(done).toMatchObject({ status: 'completed', versions: { tenant: 1, content: 2 } });
    expect(done.progress.resealed).toBe(sealed.length);
    expect(new Set(sealed)).toEqual(new Set([2]));
    for (const [id, bodies] of written) expect((await readBack(id)).bodies).toEqual(bodies);
  });

  it('a runner leaves a rotation another one holds, and takes it over once that lease lapses', async () => {
    const { rotation } = await startKeyRotation(deps, CLI, request(), cast.tenantId, 'data');
    const held = `${new Date(sd.clock.now().getTime() + 60_000).toISOString()}|another-runner`;
    await sd.installation.store.db.updateTable('key_rotations').set({ lease_until: held }).where('id', '=', rotation.id).execute();
    expect(await runKeyRotation(deps, rotation.id, { settleMs: 0 })).toMatchObject({ status: 'running', phase: 'keys' });
    sd.clock.advance(60_001);
    expect(await runKeyRotation(deps, rotation.id, { settleMs: 0 })).toMatchObject({ status: 'completed' });
  });

  it("serve's job carries out a running rotation, and stopping it leaves the rotation running for the next run", async () => {
    const { rotation } = await startKeyRotation(deps, CLI, request(), cast.tenantId, 'tenant');
    const errors: unknown[] = [];
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const seen: KeyRotation[] = [];
    const job = startKeyRotations(deps, (error) => errors.push(error), 60_000, {
      batchSize: 3,
      settleMs: 0,
      onProgress: (progress) => {
        seen.push(progress);
        if (progress.phase === 'reseal') stop();
      },
    });
    await stopped;
    await job.stop();
    const left = (await startKeyRotation(deps, CLI, request(), cast.tenantId, 'tenant')).rotation;
    expect(left).toMatchObject({ id: rotation.id, status: 'running', phase: 'reseal' });

    const completed = new Promise<void>((resolve) => (stop = resolve));
    const resumed = startKeyRotations(deps, (error) => errors.push(error), 60_000, { settleMs: 0, onProgress: (progress) => progress.status === 'completed' && stop() });
    await completed;
    await resumed.stop();
    expect(errors).toEqual([]);
    expect(seen.some((progress) => progress.phase === 'rewrap-keys' || progress.phase === 'rewrap-subject-keys')).toBe(true);
  });

  it('a scope rotates once at a time: asking again while one is unfinished gives that one back', async () => {
    const first = await startKeyRotation(deps, CLI, request(), cast.tenantId, 'tenant');
    const second = await startKeyRotation(deps, CLI, request(), cast.tenantId, 'data');
    expect([first.resumed, second.resumed, second.rotation.id, second.rotation.level]).toEqual([false, true, first.rotation.id, 'tenant']);
  });

  it('a contact erased after a rotation stays unreadable: the old and the re-encrypted ciphertext alike', async () => {
    const [conversationId] = [...written.keys()];
    const conversation = await sd.installation.store.db.selectFrom('conversations').select('contact_id').where('id', '=', conversationId!).executeTakeFirstOrThrow();
    const before = await sd.installation.store.db.selectFrom('messages').select(['id', 'body_enc']).where('conversation_id', '=', conversationId!).execute();
    const { rotation } = await startKeyRotation(deps, CLI, request(), cast.tenantId, 'tenant');
    await runKeyRotation(deps, rotation.id, { settleMs: 0 });
    const after = await sd.installation.store.db.selectFrom('messages').select(['id', 'body_enc']).where('conversation_id', '=', conversationId!).execute();
    expect(after.map((m) => decodeEnvelope(m.body_enc).keyVersion)).toEqual(after.map(() => 2));

    const erased = await call('POST', `/v1/tenants/${cast.tenantId}/privacy/erasure`, { email: 'person0@example.test', ticket: 'DSAR-7' });
    expect(erased.status, erased.text).toBe(200);
    expect(erased.json.subjectKeysDestroyed).toBe(2);
    const justification = systemJustification('test', 'read-copied-ciphertext');
    for (const message of [...before, ...after]) {
      const binding = messageBodyBinding(cast.tenantId, message.id, conversation.contact_id);
      await expect(sd.installation.keyRing.open(message.body_enc, binding, justification)).rejects.toMatchObject({ code: 'key_unavailable' });
    }
    for (const [id, bodies] of [...written].slice(1)) expect((await readBack(id)).bodies).toEqual(bodies);
  });
});
