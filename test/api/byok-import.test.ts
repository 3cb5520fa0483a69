import { constants, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrapForImport } from '../../src/crypto/index.js';
import { runKeyRotation } from '../../src/key-rotation/index.js';
import { KEY_IMPORT_TOKEN_TTL_MS } from '../../src/keys/index.js';
import { hasOpenssl, opensslWrapForImport } from '../support/openssl-wrap.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { approvedKeyChange, createCast, openConversation, PII, type Cast, type CastMember } from './tenant-cast.js';

const databases = await testDatabases();

interface Parameters {
  importToken: string;
  expiresAt: string;
  algorithm: string;
  oaep: { label: string; labelHex: string };
  wrappingKey: { id: string; publicKey: string; modulusBits: number };
  keyMaterial: { spec: string; bytes: number };
}

/** BYOK: a tenant imports key material of its own, wrapped to the installation's RSA-OAEP public key. */
describe.each(databases)('BYOK key import on $dialect', (database) => {
  let sd: TestInstallation;
  let acme: Cast;
  let initech: Cast;

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    acme = await createCast(sd, 'Acme');
    initech = await createCast(sd, 'Initech', acme);
  });

  afterAll(async () => {
    await sd?.close();
  });

  const deps = () => ({ db: sd.installation.store.db, keyRing: sd.installation.keyRing, audit: sd.installation.audit, clock: sd.clock });
  const parameters = async (cast: Cast, member: CastMember = 'security', tenantId = cast.tenantId) =>
    sd.request('GET', `/v1/tenants/${tenantId}/key/import-parameters`, { token: cast.keys[member] });
  const fresh = async (cast: Cast): Promise<Parameters> => {
    const response = await parameters(cast);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  /** An import by `member` (default the owner) with `approval`, or with a new approval of the owner's. */
  const importKey = async (cast: Cast, body: { importToken: string; wrappedKey: string }, member: CastMember = 'owner', tenantId = cast.tenantId, approval?: string) =>
    sd.request('POST', `/v1/tenants/${tenantId}/key/import`, {
      token: cast.keys[member],
      body: { ...body, approval: approval ?? (await approvedKeyChange(sd, cast, { kind: 'import' })) },
    });
  const wrapFor = (params: Parameters, key = randomBytes(32)) => wrapForImport(params.wrappingKey.publicKey, key, Buffer.from(params.oaep.label, 'utf8')).toString('base64');
  const read = async (cast: Cast, id: string) => sd.request('GET', `/v1/conversations/${id}`, { token: cast.keys.owner });
  const keyStatus = async (cast: Cast) => (await sd.request('GET', `/v1/tenants/${cast.tenantId}/key`, { token: cast.keys.owner })).json();
  const entries = async (tenantId: string, action: string) =>
    (await sd.installation.store.db.selectFrom('audit_entries').select('body').where('log_id', '=', tenantId).where('action', '=', action).orderBy('idx').execute()).map(
      (row) => JSON.parse(row.body ?? 'null'),
    );
  const unfinishedRotation = (tenantId: string) =>
    sd.installation.store.db.selectFrom('key_rotations').selectAll().where('scope', '=', tenantId).where('status', '<>', 'completed').executeTakeFirst();

  it('publishes an RSA-3072 public key, RSA-OAEP-256, a one-use token bound into the label, and what to wrap', async () => {
    const first = await fresh(acme);
    const second = await fresh(acme);
    expect(first).toMatchObject({
      tenantId: acme.tenantId,
      algorithm: 'RSA-OAEP-256',
      oaep: { hash: 'SHA-256', mgf: 'MGF1-SHA-256', label: `sealdesk/byok/v1/${acme.tenantId}/${first.importToken}` },
      wrappingKey: { modulusBits: 3072, publicKey: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----/) },
      keyMaterial: { spec: 'AES-256', bytes: 32 },
      expiresAt: new Date(sd.clock.now().getTime() + KEY_IMPORT_TOKEN_TTL_MS).toISOString(),
    });
    expect(Buffer.from(first.oaep.labelHex, 'hex').toString('utf8')).toBe(first.oaep.label);
    expect(second.importToken).not.toBe(first.importToken);
    expect(second.wrappingKey, 'one installation key, made once').toEqual(first.wrappingKey);
    const stored = await sd.installation.store.db.selectFrom('key_import_keys').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(Buffer.from(stored[0]?.private_key_enc ?? []).toString('latin1')).not.toContain('PRIVATE KEY');
    expect((await entries(acme.tenantId, 'key.import-token-issued')).at(-1)).toMatchObject({ outcome: 'allowed', details: { token: second.importToken } });
  });

  it('imports the key as a new tenant key version (origin imported); data written before and after reads; the rotation moves every data key under it', async () => {
    const before = await openConversation(sd, acme);
    const params = await fresh(acme);
    const key = randomBytes(32);
    const response = await importKey(acme, { importToken: params.importToken, wrappedKey: wrapFor(params, key) });
    expect(response.statusCode, response.body).toBe(200);
    const imported = response.json();
    expect(imported).toMatchObject({ version: 2, rotation: { status: 'running', phase: 'rewrap-keys' }, key: { state: 'enabled' } });
    expect(imported.key.versions.map((v: { version: number; origin: string }) => [v.version, v.origin])).toEqual([[1, 'generated'], [2, 'imported']]);
    expect((await keyStatus(acme)).versions.at(-1)).toMatchObject({ version: 2, origin: 'imported' });

    const after = await openConversation(sd, acme);
    expect((await read(acme, before)).json().messages[0].body).toContain(PII.card);
    expect((await read(acme, after)).json().messages[0].body).toContain(PII.card);

    const done = await runKeyRotation(deps(), imported.rotation.id, { settleMs: 0 });
    expect(done).toMatchObject({ status: 'completed', versions: { tenant: 2, content: 2 } });
    const parents = await sd.installation.store.db.selectFrom('wrapped_keys').select('parent_version').where('scope', '=', acme.tenantId).where('kind', '=', 'data').execute();
    expect(new Set(parents.map((row) => row.parent_version))).toEqual(new Set([2]));
    sd.installation.keyRing.clearCache();
    expect((await read(acme, before)).json().messages[0].body).toContain(PII.card);
    expect((await read(acme, after)).json().messages[0].body).toContain(PII.card);
    const written = await sd.request('POST', `/v1/conversations/${before}/messages`, { token: acme.keys.owner, body: { body: 'after the import' } });
    expect(written.statusCode, written.body).toBe(201);

    const event = (await entries(acme.tenantId, 'key.imported')).at(-1);
    expect(event).toMatchObject({ actor: { id: acme.ids.owner }, outcome: 'allowed', reason: { rule: 'dual-control-key-provider-change', ticket: 'KMS-1' }, details: { version: 2, token: params.importToken, rotation: imported.rotation.id } });
    const log = JSON.stringify(await entries(acme.tenantId, 'key.imported'));
    expect(log).not.toContain(key.toString('base64'));
    expect(log).not.toContain(key.toString('hex'));
  });

  it('refuses a bad wrapping with invalid_key_import, records it, and changes nothing', async () => {
    const params = await fresh(acme);
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 3072 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const label = Buffer.from(params.oaep.label, 'utf8');
    const good = Buffer.from(wrapFor(params), 'base64');
    const tampered = Buffer.from(good);
    tampered[100] = (tampered[100] ?? 0) ^ 0x01;
    const oaep = (data: Buffer, lbl = label) => publicEncrypt({ key: params.wrappingKey.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: lbl }, data).toString('base64');
    const versionsBefore = (await keyStatus(acme)).versions;
    const approval = await approvedKeyChange(sd, acme, { kind: 'import' });
    const cases: [string, string, RegExp][] = [
      ['another public key', wrapForImport(otherKey, randomBytes(32), label).toString('base64'), /did not open/],
      ['a tampered blob', tampered.toString('base64'), /did not open/],
      ['16 bytes wrapped', oaep(randomBytes(16)), /did not open/],
      ['64 bytes wrapped', oaep(randomBytes(64)), /did not open/],
      ["another tenant's label", oaep(randomBytes(32), Buffer.from(`sealdesk/byok/v1/${initech.tenantId}/${params.importToken}`)), /did not open/],
      ['garbage base64', '!!!not base64!!!', /not base64/],
      ['base64 with whitespace', `${good.toString('base64').slice(0, 40)}\n${good.toString('base64').slice(40)}`, /not base64/],
      ['an empty string', '', /not base64/],
    ];
    for (const [name, wrappedKey, message] of cases) {
      const response = await importKey(acme, { importToken: params.importToken, wrappedKey }, 'owner', acme.tenantId, approval);
      expect(response.statusCode, name).toBe(400);
      expect(response.json().error, name).toMatchObject({ code: 'invalid_key_import', message: expect.stringMatching(message) });
    }
    expect((await keyStatus(acme)).versions, 'no version made').toEqual(versionsBefore);
    expect(await unfinishedRotation(acme.tenantId), 'no rotation started').toBeUndefined();
    expect((await entries(acme.tenantId, 'key.import-rejected')).slice(-cases.length)).toHaveLength(cases.length);
    expect((await entries(acme.tenantId, 'key.import-rejected')).at(-1)).toMatchObject({ outcome: 'denied', reason: { rule: 'invalid-key-import', ticket: 'KMS-1' }, details: { token: params.importToken } });

    const accepted = await importKey(acme, { importToken: params.importToken, wrappedKey: good.toString('base64') }, 'owner', acme.tenantId, approval);
    expect(accepted.statusCode, 'the token and the approval are still unused after the refusals').toBe(200);
    await runKeyRotation(deps(), accepted.json().rotation.id, { settleMs: 0 });
  });

  it("refuses a replayed, expired or another tenant's token", async () => {
    const params = await fresh(acme);
    const wrappedKey = wrapFor(params);
    const accepted = await importKey(acme, { importToken: params.importToken, wrappedKey });
    expect(accepted.statusCode, accepted.body).toBe(200);
    await runKeyRotation(deps(), accepted.json().rotation.id, { settleMs: 0 });
    const replayed = await importKey(acme, { importToken: params.importToken, wrappedKey });
    expect(replayed.statusCode).toBe(400);
    expect(replayed.json().error).toMatchObject({ code: 'invalid_key_import', message: expect.stringContaining('used') });

    const late = await fresh(acme);
    sd.clock.advance(KEY_IMPORT_TOKEN_TTL_MS);
    const expired = await importKey(acme, { importToken: late.importToken, wrappedKey: wrapFor(late) });
    expect(expired.json().error).toMatchObject({ code: 'invalid_key_import', message: expect.stringContaining('expired') });

    const theirs = await fresh(initech);
    const crossed = await importKey(acme, { importToken: theirs.importToken, wrappedKey: wrapFor(theirs) });
    expect(crossed.json().error).toMatchObject({ code: 'invalid_key_import', message: expect.stringContaining('not one of this tenant') });
    expect((await keyStatus(initech)).versions).toHaveLength(1);
    const versions = (await keyStatus(acme)).versions;
    expect(versions.at(-1)).toMatchObject({ version: accepted.json().version });
  });

  it('lets only the owner and the security officer fetch parameters and import; another tenant is not found', async () => {
    const params = await fresh(acme);
    for (const member of ['admin', 'manager', 'agent', 'auditor', 'engineer', 'opsecurity', 'operatorOwner'] as const) {
      const got = await parameters(acme, member);
      expect(got.statusCode, member).toBe(403);
      expect(got.json().error.code).toBe('access_denied');
      const imported = await importKey(acme, { importToken: params.importToken, wrappedKey: wrapFor(params) }, member);
      expect(imported.statusCode, member).toBe(403);
      expect(imported.json().error.code, member).toBe('access_denied');
    }
    expect((await parameters(acme, 'owner')).statusCode).toBe(200);
    expect((await parameters(initech, 'security', acme.tenantId)).statusCode).toBe(404);
    const acmeApproval = await approvedKeyChange(sd, acme, { kind: 'import' });
    expect((await importKey(initech, { importToken: params.importToken, wrappedKey: wrapFor(params) }, 'security', acme.tenantId, acmeApproval)).statusCode).toBe(404);
    // Seven roles, and the other tenant's security officer: each refusal is in Acme's log.
    expect((await entries(acme.tenantId, 'key.imported')).filter((event) => event.outcome === 'denied')).toHaveLength(8);
    expect(await unfinishedRotation(acme.tenantId)).toBeUndefined();
  });

  it('a key imported can be disabled (key_unavailable) and enabled again; no import while disabled or while a rotation runs', async () => {
    const conversation = await openConversation(sd, initech);
    const params = await fresh(initech);
    const imported = await importKey(initech, { importToken: params.importToken, wrappedKey: wrapFor(params) });
    expect(imported.statusCode, imported.body).toBe(200);

    const during = await fresh(initech);
    const busy = await importKey(initech, { importToken: during.importToken, wrappedKey: wrapFor(during) });
    expect(busy.statusCode, 'a rotation is still running').toBe(409);
    await runKeyRotation(deps(), imported.json().rotation.id, { settleMs: 0 });

    const toggle = (verb: 'disable' | 'enable') => sd.request('POST', `/v1/tenants/${initech.tenantId}/key/${verb}`, { token: initech.keys.security, body: { ticket: 'SEC-78' } });
    expect((await toggle('disable')).statusCode).toBe(200);
    const refused = await read(initech, conversation);
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.code).toBe('key_unavailable');
    expect(refused.body).not.toContain(PII.card);
    const whileDisabled = await importKey(initech, { importToken: during.importToken, wrappedKey: wrapFor(during) });
    expect(whileDisabled.json().error.code).toBe('key_unavailable');

    expect((await toggle('enable')).statusCode).toBe(200);
    sd.installation.keyRing.clearCache();
    expect((await read(initech, conversation)).json().messages[0].body).toContain(PII.card);
    const afterwards = await importKey(initech, { importToken: during.importToken, wrappedKey: wrapFor(during) });
    expect(afterwards.statusCode, 'the token refused while busy and disabled is still good').toBe(200);
    await runKeyRotation(deps(), afterwards.json().rotation.id, { settleMs: 0 });
    expect((await keyStatus(initech)).versions.map((v: { origin: string }) => v.origin)).toEqual(['generated', 'imported', 'imported']);
  });

  it('imports only under the two-person rule: with the requester’s own approval, for an import, approved by two people, once', async () => {
    const params = await fresh(acme);
    const wrappedKey = wrapFor(params);
    const run = (approval: string, member: CastMember = 'owner') => importKey(acme, { importToken: params.importToken, wrappedKey }, member, acme.tenantId, approval);
    const ask = (change: unknown, member: CastMember = 'owner') =>
      sd.request('POST', `/v1/tenants/${acme.tenantId}/key/provider-changes`, { token: acme.keys[member], body: { change, purpose: 'Moving the tenant key to our own custody', ticket: 'KMS-2', durationMinutes: 30 } });

    const missing = await sd.request('POST', `/v1/tenants/${acme.tenantId}/key/import`, { token: acme.keys.owner, body: { importToken: params.importToken, wrappedKey } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('invalid_request');

    const pending = (await ask({ kind: 'import' })).json().requestId;
    expect((await run(pending)).json().error.code, 'not approved yet').toBe('dual_control_required');
    expect((await sd.request('POST', `/v1/access-requests/${pending}/approve`, { token: acme.keys.manager })).json().status).toBe('pending');
    expect((await run(pending)).json().error.code, 'one approval is not two').toBe('dual_control_required');

    const forAnotherChange = await approvedKeyChange(sd, acme, { kind: 'customer-managed', module: '/usr/lib/softhsm/libsofthsm2.so', tokenLabel: 'acme', keyLabel: 'k' });
    expect((await run(forAnotherChange)).json().error.code, 'approved for another change').toBe('dual_control_required');
    const approval = await approvedKeyChange(sd, acme, { kind: 'import' });
    expect((await run(approval, 'security')).json().error.code, "another member's approval").toBe('dual_control_required');
    expect((await ask({ kind: 'import' }, 'admin')).statusCode, 'only the owner or security officer asks').toBe(403);
    expect((await ask({ kind: 'import' })).statusCode).toBe(202);
    const tooLong = await sd.request('POST', `/v1/tenants/${acme.tenantId}/key/provider-changes`, {
      token: acme.keys.owner,
      body: { change: { kind: 'import' }, purpose: 'Moving the tenant key to our own custody', ticket: 'KMS-2', durationMinutes: 24 * 60 },
    });
    expect(tooLong.json().error.code).toBe('duration_exceeds_policy');

    const imported = await run(approval);
    expect(imported.statusCode, imported.body).toBe(200);
    await runKeyRotation(deps(), imported.json().rotation.id, { settleMs: 0 });
    const again = await fresh(acme);
    const reused = await importKey(acme, { importToken: again.importToken, wrappedKey: wrapFor(again) }, 'owner', acme.tenantId, approval);
    expect(reused.json().error.code, 'an approval makes one change').toBe('dual_control_required');
    const grant = await sd.request('GET', `/v1/access-requests/${approval}`, { token: acme.keys.owner });
    expect(grant.json()).toMatchObject({ kind: 'key-provider-change', status: 'expired', endedBy: acme.ids.owner });

    const created = (await entries(acme.tenantId, 'access-request.created')).filter((event) => event.details?.kind === 'key-provider-change');
    expect(created.at(-1)).toMatchObject({ actor: { id: acme.ids.owner }, outcome: 'allowed', reason: { ticket: 'KMS-2' }, details: { change: 'import' } });
    const refusals = (await entries(acme.tenantId, 'key.imported')).filter((event) => event.outcome === 'denied' && event.reason.rule !== 'role-not-permitted');
    expect(refusals.map((event) => event.reason.rule)).toEqual(expect.arrayContaining(['no-live-grant', 'key-change-not-approved']));
  });

  it.skipIf(!hasOpenssl)('imports a key wrapped with the documented openssl pkeyutl recipe', async () => {
    const params = await fresh(acme);
    const { wrapped } = await opensslWrapForImport(params.wrappingKey.publicKey, params.oaep.labelHex);
    const response = await importKey(acme, { importToken: params.importToken, wrappedKey: wrapped.toString('base64') });
    expect(response.statusCode, response.body).toBe(200);
    await runKeyRotation(deps(), response.json().rotation.id, { settleMs: 0 });
    expect((await keyStatus(acme)).versions.at(-1)).toMatchObject({ origin: 'imported' });
  });
});
