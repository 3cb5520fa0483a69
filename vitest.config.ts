import { defineConfig } from 'vitest/config';

/**
 * Two suites: `unit` (the project's own tests, `npm test`) and `conformance` (third-party
 * vectors read from SEALDESK_CONFORMANCE_DIR, default ../shared/conformance).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/conformance/**', 'node_modules/**', 'dist/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          testTimeout: 60_000,
          // Scoring a whole dataset happens once per file, in beforeAll.
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
