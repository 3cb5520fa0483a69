import pkcs11js from 'pkcs11js';
import { describe, expect, it } from 'vitest';
import { CK } from './pkcs11-constants.js';

describe('PKCS#11 constants', () => {
  it.each(Object.entries(CK))('%s has the value pkcs11js gives it', (name, value) => {
    expect((pkcs11js as unknown as Record<string, number>)[name]).toBe(value);
  });

  it('pkcs11js offers the v2.40 GCM parameter structure the adapter selects', () => {
    expect(typeof pkcs11js.CK_PARAMS_AES_GCM_v240).toBe('number');
  });
});
