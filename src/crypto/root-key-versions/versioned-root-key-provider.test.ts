import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FakeRootKeyProvider, VersionedRootKeyProvider, type RootKeyVersions } from '../index.js';

const context = { scope: 'ten_a', version: 3 };
const unavailable = expect.objectContaining({ code: 'key_unavailable' });

describe('VersionedRootKeyProvider', () => {
  const first = new FakeRootKeyProvider();
  const second = new FakeRootKeyProvider();

  it('never rotated, its wraps are the first key\'s bytes unchanged', async () => {
    const root = VersionedRootKeyProvider.of(first);
    const key = randomBytes(32);
    const wrapped = await root.wrap(key, context);
    expect((await first.unwrap(wrapped, context)).equals(key)).toBe(true);
    expect(root.keyId).toBe(first.keyId);
    expect(root.keyIdOf(wrapped)).toBe(first.keyId);
  });

  it('after a rotation wraps with the newest version, naming it, and unwraps the first version\'s wraps too', async () => {
    const before = await first.wrap(Buffer.alloc(32, 1), context);
    const root = new VersionedRootKeyProvider({ baseKeyId: first.keyId, versions: [first, second] });
    const after = await root.wrap(Buffer.alloc(32, 2), context);
    expect(root.keyId).toBe(second.keyId);
    expect(root.keyIdOf(before)).toBe(first.keyId);
    expect(root.keyIdOf(after)).toBe(second.keyId);
    expect(after.subarray(4, 4 + second.keyId.length).toString()).toBe(second.keyId);
    expect(await root.unwrap(before, context)).toEqual(Buffer.alloc(32, 1));
    expect(await root.unwrap(after, context)).toEqual(Buffer.alloc(32, 2));
    await expect(first.unwrap(after, context)).rejects.toThrow(unavailable);
  });

  it('a wrap renamed to another version does not unwrap', async () => {
    const third = new FakeRootKeyProvider();
    const root = new VersionedRootKeyProvider({ baseKeyId: first.keyId, versions: [first, second, third] });
    const wrapped = await root.wrap(randomBytes(32), context);
    const renamed = Buffer.from(wrapped);
    renamed.write(second.keyId, 4);
    expect(root.keyIdOf(renamed)).toBe(second.keyId);
    await expect(root.unwrap(renamed, context)).rejects.toThrow(unavailable);
  });

  it('reloads its versions before a wrap and when it meets a version it does not hold', async () => {
    let held: RootKeyVersions = { baseKeyId: first.keyId, versions: [first] };
    let reloads = 0;
    const serving = new VersionedRootKeyProvider({ ...held, reload: async () => (reloads++, held) });
    const rotated = new VersionedRootKeyProvider({ baseKeyId: first.keyId, versions: [first, second] });
    const byNewest = await rotated.wrap(Buffer.alloc(32, 7), context);
    held = { baseKeyId: first.keyId, versions: [first, second] };
    expect(await serving.unwrap(byNewest, context)).toEqual(Buffer.alloc(32, 7));
    expect(reloads).toBe(1);
    expect(serving.keyIdOf(await serving.wrap(randomBytes(32), context))).toBe(second.keyId);
  });

  it('fails closed for a version retired or unknown, after reloading once', async () => {
    const rotated = new VersionedRootKeyProvider({ baseKeyId: first.keyId, versions: [first, second] });
    const byNewest = await rotated.wrap(randomBytes(32), context);
    const byFirst = await first.wrap(randomBytes(32), context);
    let reloads = 0;
    const retiredFirst = new VersionedRootKeyProvider({ baseKeyId: first.keyId, versions: [second], reload: async () => (reloads++, { baseKeyId: first.keyId, versions: [second] }) });
    await expect(retiredFirst.unwrap(byFirst, context)).rejects.toThrow(expect.objectContaining({ code: 'key_unavailable', message: expect.stringContaining('retired') }));
    expect(reloads).toBe(1);
    await expect(VersionedRootKeyProvider.of(first).unwrap(byNewest, context)).rejects.toThrow(unavailable);
  });

  it('refuses a version header cut short', async () => {
    const root = new VersionedRootKeyProvider({ baseKeyId: first.keyId, versions: [first, second] });
    const wrapped = await root.wrap(randomBytes(32), context);
    for (const length of [3, 4, 4 + second.keyId.length]) {
      await expect(root.unwrap(wrapped.subarray(0, length), context)).rejects.toThrow(unavailable);
    }
  });

  it('prints its key ids, never key material', () => {
    const root = new VersionedRootKeyProvider({ baseKeyId: first.keyId, versions: [first, second] });
    expect(String(root)).toBe(`[root key ${first.keyId}, ${second.keyId}]`);
    expect(JSON.stringify({ root })).toBe(JSON.stringify({ root: String(root) }));
  });
});
