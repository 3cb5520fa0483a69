import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The verifier must run in a browser, so it and the merkle and checkpoint code it imports use
// WebCrypto, TextEncoder and Uint8Array only: no Node built-ins, no Buffer, no dependencies.
const audit = dirname(dirname(fileURLToPath(import.meta.url)));
const sources = ['verifier', 'merkle', 'checkpoint'].flatMap((folder) =>
  readdirSync(join(audit, folder))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => join(folder, file)),
);

describe('the verifier and what it imports', () => {
  it.each(sources)('%s imports only relative modules and uses no Node globals', (file) => {
    const text = readFileSync(join(audit, file), 'utf8');
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
    expect(imports.filter((specifier) => !specifier?.startsWith('.'))).toEqual([]);
    expect(text).not.toMatch(/\b(Buffer\.|process\.|require\(|import\()/);
  });
});
