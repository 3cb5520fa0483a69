import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FakeRootKeyProvider } from './index.js';

describe('FakeRootKeyProvider', () => {
  it('rejects with key_unavailable while revoked and recovers when restored', async () => {
    const provider = new FakeRootKeyProvider();
    const context = { scope: 'ten_a', version: 1 };
    const wrapped = await provider.wrap(randomBytes(32), context);
    provider.revoke();
    const unavailable = expect.objectContaining({ code: 'key_unavailable' });
    await expect(provider.unwrap(wrapped, context)).rejects.toThrow(unavailable);
    await expect(provider.wrap(randomBytes(32), context)).rejects.toThrow(unavailable);
    provider.restore();
    expect(await provider.unwrap(wrapped, context)).toHaveLength(32);
  });
});
