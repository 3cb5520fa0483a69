import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('SEALDESK_CUSTOMER_KEY_MODULES', () => {
  it('allows no library by default, and lists the absolute paths given, trimmed and once each', () => {
    expect(loadConfig({}).customerKeyModules).toEqual([]);
    expect(loadConfig({ SEALDESK_CUSTOMER_KEY_MODULES: ' ' }).customerKeyModules).toEqual([]);
    expect(loadConfig({ SEALDESK_CUSTOMER_KEY_MODULES: '/usr/lib/softhsm/libsofthsm2.so, /opt/hsm/lib/libcloudhsm.so,/usr/lib/softhsm/libsofthsm2.so' }).customerKeyModules).toEqual([
      '/usr/lib/softhsm/libsofthsm2.so',
      '/opt/hsm/lib/libcloudhsm.so',
    ]);
  });

  it('refuses a relative path with config_invalid naming it', () => {
    expect(() => loadConfig({ SEALDESK_CUSTOMER_KEY_MODULES: '/usr/lib/a.so,libsofthsm2.so' })).toThrow(
      expect.objectContaining({ code: 'config_invalid', userMessage: expect.stringContaining('libsofthsm2.so is not one') }),
    );
  });
});
