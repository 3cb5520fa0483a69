import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KbIndexes } from '../../src/assistant/index.js';
import { createCast, type Cast } from '../api/tenant-cast.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();

describe.each(databases)("the tenant's index follows each article change in place on $dialect", (database) => {
  let sd: TestInstallation;
  let acme: Cast;
  let globex: Cast;
  let indexes: KbIndexes | undefined;

  beforeAll(async () => {
    sd = await createTestInstallation(database, {
      kbIndexes: (deps) => {
        indexes = new KbIndexes(deps);
        return indexes;
      },
    });
    acme = await createCast(sd, 'Acme');
    globex = await createCast(sd, 'Globex', acme);
  });
  afterAll(() => sd?.close());

  const write = async (cast: Cast, method: 'POST', path: string, body?: unknown) => {
    const response = await sd.request(method, `/v1/tenants/${cast.tenantId}/kb/articles${path}`, { token: cast.keys.manager, ...(body !== undefined && { body }) });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json();
  };
  const article = (title: string, text: string) => ({ title, format: 'markdown', body: `# ${title}\n\n${text}\n` });
  const ask = async (question: string) => (await sd.request('POST', `/v1/tenants/${acme.tenantId}/assistant/answer`, { token: acme.keys.agent, body: { question } })).json();

  it('adds, changes and removes articles without rebuilding the index, and never mixes tenants', async () => {
    const { id } = await write(acme, 'POST', '', article('Pairing a relay', 'Open Settings > Relays, select Pair and scan the code printed under the relay.'));
    const built = await indexes!.forTenant(acme.tenantId);
    expect(built.size).toBe(1);

    const { id: second } = await write(acme, 'POST', '', article('Exporting reports', 'Reports are exported as CSV files from Analytics > Export.'));
    expect(await indexes!.forTenant(acme.tenantId), 'the same index, updated').toBe(built);
    expect(built.search('csv export', 5).map((hit) => hit.passage.articleId)).toEqual([second]);
    expect((await ask('How do I export reports as CSV?')).citations.map((c: { title: string }) => c.title)).toEqual(['Exporting reports']);

    await write(globex, 'POST', '', article('Globex exports', 'Globex exports CSV files from the Vault menu.'));
    expect(built.search('vault menu', 5), "another tenant's article stays out").toEqual([]);

    await write(acme, 'POST', `/${id}`, article('Pairing a relay', 'Hold the relay button for five seconds until the light blinks blue.'));
    await indexes!.forTenant(acme.tenantId);
    expect(built.search('scan the code printed', 5), 'the old text is gone').toEqual([]);
    expect(built.search('button blinks blue', 5).map((hit) => hit.passage.articleId)).toEqual([id]);

    await write(acme, 'POST', `/${second}/delete`);
    expect(await indexes!.forTenant(acme.tenantId)).toBe(built);
    expect(built.search('csv export', 5)).toEqual([]);
    expect(built.size).toBe(1);
  });
});
