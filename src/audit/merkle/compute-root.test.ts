import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeRoot } from './compute-root.js';
import { hashLeaf } from './hasher.js';
import { referenceRoot } from './reference-tree.js';

describe('computeRoot', () => {
  it('equals the RFC 9162 reference root for any number of leaves', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 8 }), { maxLength: 70 }), async (leaves) => {
        const hashes = await Promise.all(leaves.map((leaf) => hashLeaf(leaf)));
        expect(await computeRoot(hashes)).toEqual(await referenceRoot(hashes));
      }),
      { numRuns: 60 },
    );
  });
});
