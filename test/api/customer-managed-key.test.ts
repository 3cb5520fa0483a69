import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_STATE_CACHE_MS, openPkcs11RootKey } from '../../src/crypto/index.js';
import { runKeyRotation } from '../../src/key-rotation/index.js';
import { createSoftHsmToken, removeSoftHsmTokens, showSkippedWithoutSoftHsm, SOFTHSM } from '../support/softhsm.js';
import { TenantTokenAdmin } from '../support/tenant-token.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { approvedKeyChange, createCast, openConversation, PII, type Cast, type CastMember } from './tenant-cast.js';

// SoftHSM2 reads its tokens when its library is first initialised: make the token first.
const databases = await testDatabases();
const tenantToken = SOFTHSM.available ? await createSoftHsmToken('acme-own-hsm') : undefined;

showSkippedWithoutSoftHsm('customer-managed keys');

/** A tenant's key on its own PKCS#11 token wraps its tenant key versions; the tenant can pull it. */
describe.runIf(SOFTHSM.available).each(databases)('customer-managed keys on $dialect', { timeout: 60_000 }, (database) => {
  const admin = new TenantTokenAdmin(tenantToken!);
  const label = (name: string) => `${name}-${database.dialect}`;
  let sd: TestInstallation;
  let acme: Cast;
  let initech: Cast;

  beforeAll(async () => {
    sd = await createTestInstallation(database, { customerKeyModules: [tenantToken!.module] });
    acme = await createCast(sd, 'Acme');
    initech = await createCast(sd, 'Initech', acme);
    for (const name of ['acme-cmk', 'globex-cmk', 'extractable']) await admin.generateKey(label(name), { extractable: name === 'extractable' });
  });

  afterAll(async () => {
    await sd?.close();
  });

  const deps = () => ({ db: sd.installation.store.db, keyRing: sd.installation.keyRing, audit: sd.installation.audit, clock: sd.clock });
  const settings = (overrides: Record<string, unknown> = {}) => ({
    module: tenantToken!.module,
    tokenLabel: tenantToken!.label,
    keyLabel: label('acme-cmk'),
    pin: tenantToken!.pin,
    ...overrides,
  });
  /** An adoption by `member` (default the owner) with an approval of the owner's for exactly this library, token and key, unless the body names one. */
  const adopt = async (cast: Cast, body: Record<string, unknown>, member: CastMember = 'owner') => {
    const change = { kind: 'customer-managed' as const, module: String(body.module), tokenLabel: String(body.tokenLabel), keyLabel: String(body.keyLabel) };
    const approval = 'approval' in body ? body.approval : await approvedKeyChange(sd, cast, change);
    return sd.request('PUT', `/v1/tenants/${cast.tenantId}/key/customer-managed`, { token: cast.keys[member], body: { ...body, approval } });
  };
  const read = (cast: Cast, id: string) => sd.request('GET', `/v1/conversations/${id}`, { token: cast.keys.owner });
  const keyStatus = async (cast: Cast) => (await sd.request('GET', `/v1/tenants/${cast.tenantId}/key`, { token: cast.keys.owner })).json();
  const wrappedTenantKey = async (tenantId: string, version: number) =>
    (await sd.installation.store.db.selectFrom('wrapped_keys').select('wrapped_key').where('scope', '=', tenantId).where('kind', '=', 'tenant').where('version', '=', version).executeTakeFirstOrThrow()).wrapped_key;
  const entries = async (tenantId: string, action: string) =>
    (await sd.installation.store.db.selectFrom('audit_entries').select('body').where('log_id', '=', tenantId).where('action', '=', action).orderBy('idx').execute()).map(
      (row) => JSON.parse(row.body ?? 'null'),
    );
  /** Past the bound within which every process sees a key's availability change. */
  const pastTheBound = () => sd.clock.advance(KEY_STATE_CACHE_MS);

  it('adopts the key on the tenant token: a new tenant key version it wraps (the root key cannot unwrap it), every data key moved under it, data before and after reading', async () => {
    const before = await openConversation(sd, acme);
    const response = await adopt(acme, settings());
    expect(response.statusCode, response.body).toBe(200);
    const adopted = response.json();
    expect(adopted).toMatchObject({ version: 2, rotation: { status: 'running', phase: 'rewrap-keys' }, key: { state: 'enabled' } });
    expect(adopted.key.versions.map((v: { version: number; wrappedBy: string }) => [v.version, v.wrappedBy])).toEqual([[1, 'installation'], [2, 'customer']]);
    expect(adopted.key.customerKeys).toEqual([
      expect.objectContaining({ fromVersion: 2, provider: 'pkcs11', module: tenantToken!.module, tokenLabel: tenantToken!.label, keyLabel: label('acme-cmk'), keyId: expect.stringMatching(/^pkcs11-[0-9a-f]{32}$/) }),
    ]);
    expect(JSON.stringify(adopted)).not.toContain(tenantToken!.pin);

    const done = await runKeyRotation(deps(), adopted.rotation.id, { settleMs: 0 });
    expect(done.status).toBe('completed');
    const after = await openConversation(sd, acme);
    sd.installation.keyRing.clearCache();
    expect((await read(acme, before)).json().messages[0].body).toContain(PII.card);
    expect((await read(acme, after)).json().messages[0].body).toContain(PII.card);

    const wrapped = await wrappedTenantKey(acme.tenantId, 2);
    await expect(sd.installation.root.unwrap(wrapped, { scope: acme.tenantId, version: 2 })).rejects.toMatchObject({ code: 'key_unavailable' });
    const own = await openPkcs11RootKey({ module: tenantToken!.module, token: { label: tenantToken!.label }, pin: tenantToken!.pin, keyLabel: label('acme-cmk') });
    try {
      await expect(own.unwrap(wrapped, { scope: acme.tenantId, version: 2 })).resolves.toHaveLength(32);
    } finally {
      await own.close();
    }
    const dataKeys = await sd.installation.store.db.selectFrom('wrapped_keys').select('parent_version').where('scope', '=', acme.tenantId).where('kind', '=', 'data').execute();
    expect(new Set(dataKeys.map((key) => key.parent_version)), 'every data key is under the customer-wrapped version').toEqual(new Set([2]));

    const stored = await sd.installation.store.db.selectFrom('customer_managed_keys').selectAll().where('tenant_id', '=', acme.tenantId).executeTakeFirstOrThrow();
    expect(Buffer.from(stored.pin_enc).toString('latin1')).not.toContain(tenantToken!.pin);
    expect((await entries(acme.tenantId, 'key.customer-key-adopted')).at(-1)).toMatchObject({ actor: { id: acme.ids.owner }, outcome: 'allowed', reason: { rule: 'dual-control-key-provider-change', ticket: 'KMS-1' }, details: { version: 2, provider: 'pkcs11', rotation: adopted.rotation.id } });
  });

  it('a key the tenant pulls on its token (encrypt and decrypt withdrawn) stops reads and writes with key_unavailable within the bound; restored, they work again', async () => {
    const conversation = await openConversation(sd, acme);
    const initechConversation = await openConversation(sd, initech);
    await admin.setUsable(label('acme-cmk'), false);
    pastTheBound();
    const refused = await read(acme, conversation);
    expect(refused.statusCode, refused.body).toBe(503);
    expect(refused.json().error).toMatchObject({ code: 'key_unavailable', message: expect.stringContaining('customer-managed key') });
    const write = await sd.request('POST', `/v1/conversations/${conversation}/messages`, { token: acme.keys.owner, body: { body: 'Any update?' } });
    expect(write.statusCode, write.body).toBe(503);
    expect((await read(initech, initechConversation)).statusCode, 'another tenant reads on').toBe(200);

    await admin.setUsable(label('acme-cmk'), true);
    pastTheBound();
    const restored = await read(acme, conversation);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json().messages[0].body).toContain(PII.card);
  });

  it('wraps every later version too: a rotation by hand makes version 3 under the customer key', async () => {
    const started = await sd.request('POST', `/v1/tenants/${acme.tenantId}/key/rotations`, { token: acme.keys.security, body: { level: 'tenant', ticket: 'SEC-32' } });
    expect(started.statusCode, started.body).toBe(202);
    await runKeyRotation(deps(), started.json().rotation.id, { settleMs: 0 });
    expect((await keyStatus(acme)).versions.at(-1)).toMatchObject({ version: 3, wrappedBy: 'customer' });
    await expect(sd.installation.root.unwrap(await wrappedTenantKey(acme.tenantId, 3), { scope: acme.tenantId, version: 3 })).rejects.toMatchObject({ code: 'key_unavailable' });
  });

  it('a key destroyed on the token leaves the tenant data unreadable for good', async () => {
    const globex = await createCast(sd, 'Globex', acme);
    const conversation = await openConversation(sd, globex);
    const adopted = await adopt(globex, settings({ keyLabel: label('globex-cmk') }));
    expect(adopted.statusCode, adopted.body).toBe(200);
    await runKeyRotation(deps(), adopted.json().rotation.id, { settleMs: 0 });
    expect((await read(globex, conversation)).statusCode).toBe(200);

    await admin.destroy(label('globex-cmk'));
    pastTheBound();
    sd.installation.keyRing.clearCache();
    const refused = await read(globex, conversation);
    expect(refused.statusCode, refused.body).toBe(503);
    expect(refused.json().error.message).toContain('customer-managed key cannot be used');
    pastTheBound();
    const reopened = await read(globex, conversation);
    expect(reopened.statusCode, 'the token is asked again, and still has no such key').toBe(503);
    expect(reopened.json().error.message).toContain(`No key labelled "${label('globex-cmk')}"`);
    expect((await read(acme, await openConversation(sd, acme))).statusCode).toBe(200);
  });

  it('refuses an unusable library, token, PIN or key with customer_key_refused, changing nothing and recording the refusal', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ module: '/usr/lib/not-allowed.so' }, /does not allow the PKCS#11 library/],
      [{ tokenLabel: 'no-such-token' }, /No PKCS#11 token "no-such-token"/],
      [{ pin: '0000-wrong' }, /PIN/],
      [{ keyLabel: 'no-such-key' }, /No key labelled "no-such-key"/],
      [{ keyLabel: label('extractable') }, /cannot be a root key: it is extractable/],
    ];
    const versionsBefore = (await keyStatus(initech)).versions;
    for (const [overrides, message] of cases) {
      const response = await adopt(initech, settings(overrides));
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'customer_key_refused', message: expect.stringMatching(message) });
      expect(response.body).not.toContain(tenantToken!.pin);
    }
    expect((await keyStatus(initech)).versions).toEqual(versionsBefore);
    expect((await keyStatus(initech)).customerKeys).toEqual([]);
    const refusals = await entries(initech.tenantId, 'key.customer-key-refused');
    expect(refusals).toHaveLength(cases.length);
    expect(refusals[0]).toMatchObject({ outcome: 'denied', reason: { rule: 'customer-key-refused', ticket: 'KMS-1' } });
    const unfinished = await sd.installation.store.db.selectFrom('key_rotations').selectAll().where('scope', '=', initech.tenantId).execute();
    expect(unfinished).toEqual([]);
  });

  it('adopts only under the two-person rule: the requester’s own approval, for this very key, used once', async () => {
    const mine = await approvedKeyChange(sd, initech, { kind: 'customer-managed', module: tenantToken!.module, tokenLabel: tenantToken!.label, keyLabel: label('acme-cmk') });
    const forAnotherKey = await adopt(initech, settings({ keyLabel: label('globex-cmk'), approval: mine }));
    expect(forAnotherKey.statusCode).toBe(403);
    expect(forAnotherKey.json().error.code).toBe('dual_control_required');
    const forImport = await adopt(initech, settings({ approval: await approvedKeyChange(sd, initech, { kind: 'import' }) }));
    expect(forImport.json().error.code).toBe('dual_control_required');
    expect((await adopt(initech, settings({ approval: mine }), 'security')).json().error.code, "another member's approval").toBe('dual_control_required');
    const asked = await sd.request('POST', `/v1/tenants/${initech.tenantId}/key/provider-changes`, {
      token: initech.keys.owner,
      body: { change: { kind: 'customer-managed', module: tenantToken!.module, tokenLabel: tenantToken!.label, keyLabel: label('acme-cmk') }, purpose: 'Holding our own key from now on', ticket: 'KMS-3', durationMinutes: 30 },
    });
    expect((await adopt(initech, settings({ approval: asked.json().requestId }))).json().error.code, 'not approved yet').toBe('dual_control_required');
    expect((await keyStatus(initech)).customerKeys).toEqual([]);
    const created = (await entries(initech.tenantId, 'access-request.created')).filter((event) => event.details?.kind === 'key-provider-change');
    expect(created.at(-1)).toMatchObject({ details: { change: 'customer-managed', module: tenantToken!.module, tokenLabel: tenantToken!.label, keyLabel: label('acme-cmk') } });
    expect(JSON.stringify(created)).not.toContain(tenantToken!.pin);
  });

  it('lets only the owner and the security officer adopt one, and refuses malformed settings', async () => {
    for (const member of ['admin', 'manager', 'agent', 'auditor', 'engineer', 'opsecurity', 'operatorOwner'] as const) {
      expect((await adopt(initech, settings(), member)).statusCode, member).toBe(403);
    }
    const approval = await approvedKeyChange(sd, initech, { kind: 'customer-managed', module: tenantToken!.module, tokenLabel: tenantToken!.label, keyLabel: label('acme-cmk') });
    for (const body of [settings({ module: 'libsofthsm2.so', approval }), settings({ tokenLabel: 'x'.repeat(33), approval }), settings({ keyLabel: ' ', approval }), settings({ slot: 1, approval }), settings({ approval: undefined })]) {
      const response = await adopt(initech, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
    expect((await keyStatus(initech)).customerKeys).toEqual([]);
  });
});

afterAll(async () => {
  await removeSoftHsmTokens();
});
